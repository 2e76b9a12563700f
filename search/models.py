"""Abbreviations and synonyms that ward staff add in the admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Synonym(models.Model):
    """Một nhóm cách viết cùng nghĩa: tìm cách này cũng ra cách kia.

    Ví dụ: “TDP” và “tổ dân phố”. Các nhóm thông dụng (UBND, HĐND, MTTQ,
    TW4…) đã có sẵn; ở đây thêm những cách viết riêng của phường.
    """

    phrases = models.TextField(
        _("các cách viết"),
        help_text=_(
            "Mỗi dòng một cách viết, ví dụ: “KP” xuống dòng “khu phố”. "
            "Dấu # thay cho một con số: “CV #” và “công văn #”."
        ),
    )
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("từ đồng nghĩa")
        verbose_name_plural = _("từ đồng nghĩa")
        ordering = ["pk"]

    def __str__(self):
        return " = ".join(self.phrase_list())

    def phrase_list(self) -> list[str]:
        return [line.strip() for line in self.phrases.splitlines() if line.strip()]
