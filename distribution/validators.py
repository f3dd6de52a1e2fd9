from django.core.validators import RegexValidator, URLValidator

# A UTM value: lowercase letters, digits and . _ - + /, no spaces. Analytics joins the three values with " / ", so a
# value without spaces always reads back as itself.
UTM_VALUE = RegexValidator(
    r"^[a-z0-9][a-z0-9._+/-]*$",
    "Use lowercase letters, digits and . _ - + / only, no spaces (for example “hackernews” or “social”).",
)
http_url = URLValidator(schemes=["http", "https"], message="Enter an http:// or https:// address.")
