"""Core's workflow: the default definition (004 五) and core's named guards and effects."""

from dangwu_core import hookimpl
from dangwu_core.workflow import core_functions, default_definition_data


@hookimpl
def dangwu_register_workflow_functions():
    return core_functions()


@hookimpl(trylast=True)
def dangwu_workflow_definition(organization_type):
    return default_definition_data()
