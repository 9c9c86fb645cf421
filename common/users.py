"""What the product calls a user, wherever it names one: the API's ``<field>_name``, pages and PDFs."""


def display_name(user) -> str:
    """The full name, else the username."""
    return user.get_full_name() or user.get_username()
