"""English announcements → Announcement. (Placeholder: being written.)"""

from pipelines.announcement import Announcement


def parse_english(text: str, *, title: str | None = None, published: str | None = None) -> Announcement:
    """Find the announced batch and its names in an English article."""
    return Announcement(language="en")
