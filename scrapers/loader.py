"""The spider registry: the spider modules, plus one spider per `kind = "generic"` source of the config."""

from __future__ import annotations

from typing import Any

from scrapy.spiderloader import SpiderLoader

from occuwatch.scrapers.config_schema import GENERIC_KIND
from occuwatch.scrapers.errors import ConfigError
from occuwatch.scrapers.spiders.generic import GenericSpider


def generic_sources(settings: Any) -> list[str]:
    """Names of the config's generic sources."""
    sources = settings.getdict("OCCUWATCH_SOURCES")
    return sorted(name for name, table in sources.items() if table.get("kind") == GENERIC_KIND)


def generic_spider(name: str) -> type[GenericSpider]:
    """A GenericSpider subclass named after its source (Scrapy identifies spiders by class `name`)."""
    class_name = "Generic_" + "".join(c if c.isalnum() else "_" for c in name)
    return type(class_name, (GenericSpider,), {"name": name, "__module__": GenericSpider.__module__})


class SourceLoader(SpiderLoader):
    """SPIDER_MODULES discovery, and the generic sources configured in [sources]."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        for name in generic_sources(settings):
            if name in self._spiders:
                raise ConfigError(f'[sources.{name}] has kind = "generic" but a spider is named {name!r}; '
                                  "give the generic source another name")
            self._spiders[name] = generic_spider(name)
