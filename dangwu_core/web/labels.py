"""Labels of the closed vocabularies (models/choices.py), marked for the translation catalog.

The models keep their Chinese labels; templates show ``_(label)``, so these literals let
``pybabel extract`` put them in the catalog. Regenerate when a vocabulary changes."""


def N_(text: str) -> str:
    return text


LABELS = (
    N_("目录外事项"),
    N_("向社会公开"),
    N_("党内公开"),
    N_("本单位公开"),
    N_("向特定对象公开"),
    N_("待公开"),
    N_("按时公开"),
    N_("逾期公开"),
    N_("逾期未公开"),
    N_("暂不宜公开（已备案）"),
    N_("已关闭"),
    N_("长期公开"),
    N_("定期公开"),
    N_("分期公开"),
    N_("即时公开"),
    N_("每月"),
    N_("每季度"),
    N_("每半年"),
    N_("每年"),
    N_("已受理"),
    N_("办理中"),
    N_("已答复"),
    N_("已办结"),
    N_("已提交"),
    N_("待补正"),
    N_("同意公开"),
    N_("部分公开"),
    N_("不予公开（待上级审定）"),
    N_("不予公开"),
    N_("已撤回"),
    N_("党员"),
    N_("群众"),
    N_("客商"),
)
