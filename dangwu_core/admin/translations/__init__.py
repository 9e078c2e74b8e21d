"""The admin's English catalog (message ids are the Chinese texts).

``en/LC_MESSAGES/messages.po`` and the compiled ``messages.mo`` are committed; rebuild them
with ``python -m dangwu_core.admin.translations.build`` after changing a text. The admin adds
this directory to Flask-Babel's translation directories, beside the web layer's catalog.
"""
