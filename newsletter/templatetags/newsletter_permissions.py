"""The newsletter policy's answers for admin templates: `{% if request.user|may_send_campaigns %}`."""

from django import template

from newsletter.permissions import campaign_permissions

register = template.Library()


@register.filter
def may_send_campaigns(user):
    return campaign_permissions.user_has_permission(user, "send")
