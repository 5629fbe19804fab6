"""Chinese announcements → Announcement. (Placeholder: being written.)"""

from pipelines.announcement import Announcement


def parse_chinese(text: str, *, title: str | None = None, published: str | None = None) -> Announcement:
    """Find the announced batch and its names in a Chinese article."""
    return Announcement(language="zh")
