"""Admin for the chat's settings-like tables (not for reading conversations: use the console)."""

from django.contrib import admin

from helpline.chat.models import CannedResponse, Holiday


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]


@admin.register(CannedResponse)
class CannedResponseAdmin(admin.ModelAdmin):
    list_display = ["title", "language"]
    list_filter = ["language"]
