"""marshmallow schemas shared by the JSON API, the forms and files.

One schema per data shape: what the API answers (``*Schema``), what it accepts (``*Input``)
and the query arguments of lists (``*Args``). Input schemas refuse unknown fields (marshmallow's
default, ``RAISE``); query arguments ignore unknown ones (a cache-busting ``_=`` must not fail
an e-screen).
"""

from .common import ErrorSchema, PageArgs, page_of
from .disclosures import (
    AttachmentSchema,
    DisclosureArgs,
    DisclosureDetailSchema,
    DisclosureSchema,
    SectionSchema,
    TransitionInput,
    TransitionResultSchema,
    TransitionsSchema,
    VersionSchema,
)
from .organizations import (
    CatalogItemArgs,
    CatalogItemSchema,
    ObligationArgs,
    ObligationSchema,
    OrganizationArgs,
    OrganizationSchema,
)
from .search import SearchArgs, SearchHitSchema, SearchResultsSchema
from .submissions import (
    FeedbackInput,
    FeedbackReceiptSchema,
    RequestInput,
    RequestReceiptSchema,
)

__all__ = [
    "AttachmentSchema",
    "CatalogItemArgs",
    "CatalogItemSchema",
    "DisclosureArgs",
    "DisclosureDetailSchema",
    "DisclosureSchema",
    "ErrorSchema",
    "FeedbackInput",
    "FeedbackReceiptSchema",
    "ObligationArgs",
    "ObligationSchema",
    "OrganizationArgs",
    "OrganizationSchema",
    "PageArgs",
    "RequestInput",
    "RequestReceiptSchema",
    "SearchArgs",
    "SearchHitSchema",
    "SearchResultsSchema",
    "SectionSchema",
    "TransitionInput",
    "TransitionResultSchema",
    "TransitionsSchema",
    "VersionSchema",
    "page_of",
]
