from flask import Blueprint

blueprint = Blueprint("party", __name__, url_prefix="/party")
