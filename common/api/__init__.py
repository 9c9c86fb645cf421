"""The API machinery every app's API uses; settings name its error handler, pagination and schema."""
