"""The portal's blueprint; each page family registers its routes on it."""

from flask import Blueprint

blueprint = Blueprint("portal", __name__)
