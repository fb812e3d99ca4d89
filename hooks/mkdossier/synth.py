"""Synthetic knowledge bases for benchmarks and scale tests (``mkdossier synth``).

Not a stage of the flow: it writes the flow's input, ``data/<folder>/<id>.yaml``,
the way contributors would. Record types, vocabularies and relation kinds are
read from the model, so the result passes ``check``; the same seed gives the
same bytes (with the same Python).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import fieldtypes
from .model import Model, load_model
from .scaffold import record_id, slug

# yaml.safe_dump's dumper, in C when PyYAML has libyaml (same bytes, 100 times faster).
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# Share of each record type, as in real investigative knowledge bases.
MIX = {"person": 0.20, "organization": 0.10, "place": 0.05, "source": 0.25, "incident": 0.38, "claim": 0.02}
MIN_RECORDS = 10
FIRST_YEAR, LAST_YEAR = 2004, 2024

# -- names: (Latin, native script) -----------------------------------------------------

# Countries: name, the culture of the names found there, aliases in other scripts.
COUNTRIES = [
    ("Russia", "ru", ["Россия", "Russian Federation"]),
    ("North Korea", "ko", ["조선민주주의인민공화국", "DPRK", "Северная Корея"]),
    ("South Korea", "ko", ["대한민국", "Republic of Korea"]),
    ("Ukraine", "ru", ["Україна", "Украина"]),
    ("Belarus", "ru", ["Беларусь", "Byelorussia"]),
    ("Kazakhstan", "ru", ["Қазақстан", "Казахстан"]),
    ("United States", "en", ["USA", "Соединённые Штаты"]),
    ("United Kingdom", "en", ["UK", "Великобритания"]),
    ("China", "en", ["中国", "Китай", "PRC"]),
    ("Japan", "en", ["日本", "Япония"]),
    ("Iran", "en", ["ایران", "Иран"]),
    ("Syria", "en", ["سوريا", "Сирия"]),
    ("Georgia", "ru", ["საქართველო", "Грузия"]),
    ("Armenia", "ru", ["Հայաստան", "Армения"]),
    ("Mongolia", "ru", ["Монгол Улс", "Монголия"]),
    ("Germany", "en", ["Deutschland", "Германия"]),
    ("Poland", "en", ["Polska", "Польша"]),
    ("Turkey", "en", ["Türkiye", "Турция"]),
    ("Moldova", "ru", ["Молдова"]),
    ("Uzbekistan", "ru", ["Oʻzbekiston", "Узбекистан"]),
    ("Finland", "en", ["Suomi", "Финляндия"]),
    ("Vietnam", "en", ["Việt Nam", "Вьетнам"]),
    ("Laos", "en", ["ລາວ", "Лаос"]),
    ("Serbia", "ru", ["Србија", "Сербия"]),
]

# Given names: (Latin, another romanization, native script).
RU_MALE = [("Sergei", "Sergey", "Сергей"), ("Dmitri", "Dmitry", "Дмитрий"), ("Alexei", "Aleksey", "Алексей"),
           ("Nikolai", "Nikolay", "Николай"), ("Andrei", "Andrey", "Андрей"), ("Yuri", "Yuriy", "Юрий"),
           ("Mikhail", "Mikhail", "Михаил"), ("Ivan", "Ivan", "Иван"), ("Pavel", "Pavel", "Павел"),
           ("Oleg", "Oleg", "Олег"), ("Viktor", "Victor", "Виктор"), ("Maxim", "Maksim", "Максим"),
           ("Grigori", "Grigory", "Григорий"), ("Vasili", "Vasily", "Василий"), ("Anatoli", "Anatoly", "Анатолий"),
           ("Yevgeni", "Evgeny", "Евгений"), ("Arkadi", "Arkady", "Аркадий"), ("Konstantin", "Konstantin", "Константин")]
RU_FEMALE = [("Maria", "Mariya", "Мария"), ("Yelena", "Elena", "Елена"), ("Tatiana", "Tatyana", "Татьяна"),
             ("Natalia", "Natalya", "Наталья"), ("Olga", "Olga", "Ольга"), ("Irina", "Irina", "Ирина"),
             ("Svetlana", "Svetlana", "Светлана"), ("Anastasia", "Anastasiya", "Анастасия"),
             ("Yulia", "Yuliya", "Юлия"), ("Valentina", "Valentina", "Валентина")]
# Surnames in the masculine; the feminine adds -a / -а.
RU_SURNAMES = [("Ivanov", "Иванов"), ("Petrov", "Петров"), ("Smirnov", "Смирнов"), ("Volkov", "Волков"),
               ("Sokolov", "Соколов"), ("Lebedev", "Лебедев"), ("Kozlov", "Козлов"), ("Novikov", "Новиков"),
               ("Morozov", "Морозов"), ("Pavlov", "Павлов"), ("Orlov", "Орлов"), ("Belov", "Белов"),
               ("Medvedev", "Медведев"), ("Zaitsev", "Зайцев"), ("Fedorov", "Федоров"), ("Gusev", "Гусев"),
               ("Titov", "Титов"), ("Karpov", "Карпов"), ("Frolov", "Фролов"), ("Yegorov", "Егоров"),
               ("Nikitin", "Никитин"), ("Ilyin", "Ильин"), ("Zhukov", "Жуков"), ("Kuznetsov", "Кузнецов"),
               ("Bogdanov", "Богданов"), ("Vinogradov", "Виноградов"), ("Tarasov", "Тарасов"), ("Markov", "Марков")]
KO_SURNAMES = [("Kim", "Gim", "김"), ("Ri", "Lee", "리"), ("Pak", "Park", "박"), ("Choe", "Choi", "최"),
               ("Jang", "Chang", "장"), ("Kang", "Gang", "강"), ("Jo", "Cho", "조"), ("Yun", "Yoon", "윤"),
               ("Han", "Han", "한"), ("O", "Oh", "오"), ("Song", "Seong", "송"), ("Hwang", "Hwang", "황"),
               ("Kwon", "Gwon", "권"), ("Ryu", "Yu", "류"), ("Jon", "Jeon", "전"), ("Hong", "Hong", "홍")]
KO_SYLLABLES = [("Jong", "정"), ("Un", "은"), ("Chol", "철"), ("Il", "일"), ("Song", "성"), ("Nam", "남"),
                ("Min", "민"), ("Jun", "준"), ("Yong", "용"), ("Su", "수"), ("Hyon", "현"), ("Ho", "호"),
                ("Gwang", "광"), ("Myong", "명"), ("Hui", "희"), ("Kyong", "경"), ("Sok", "석"), ("Chun", "춘"),
                ("Ok", "옥"), ("Hyok", "혁"), ("Yon", "연"), ("Man", "만"), ("Thae", "태"), ("Ju", "주")]
EN_FIRST = ["John", "Mary", "Robert", "Patricia", "Michael", "Linda", "David", "Susan", "James", "Karen",
            "Thomas", "Nancy", "Daniel", "Laura", "Mark", "Sarah", "Paul", "Helen", "Andrew", "Emma",
            "Peter", "Claire", "Richard", "Anne", "Brian", "Julia", "Kevin", "Rachel"]
EN_SURNAMES = ["Smith", "Johnson", "Brown", "Taylor", "Miller", "Wilson", "Moore", "Clark", "Hall", "Young",
               "Walker", "Wright", "Hughes", "Evans", "Turner", "Cooper", "Ward", "Brooks", "Kelly", "Price",
               "Barnes", "Fisher", "Hayes", "Reed", "Sullivan", "Bennett", "Morgan", "Carter"]

# Place-name parts: (Latin, native script).
RU_PREFIXES = [("Novo", "Ново"), ("Kras", "Крас"), ("Bel", "Бел"), ("Zele", "Зеле"), ("Ver", "Вер"),
               ("Volo", "Воло"), ("Kamen", "Камен"), ("Star", "Стар"), ("Sol", "Сол"), ("Pri", "При"),
               ("Lesno", "Лесно"), ("Yas", "Яс"), ("Dal", "Дал"), ("Sever", "Север")]
RU_ROOTS = [("gor", "гор"), ("dar", "дар"), ("lug", "луг"), ("bor", "бор"), ("mir", "мир"), ("rech", "реч"),
            ("don", "дон"), ("ozer", "озер"), ("pol", "пол"), ("vod", "вод"), ("dub", "дуб"), ("kov", "ков")]
RU_ENDINGS = [("sk", "ск"), ("ovsk", "овск"), ("insk", "инск"), ("ograd", "оград"), ("ovo", "ово"),
              ("ino", "ино"), ("yevo", "ево"), ("ets", "ец")]
KO_PLACE = [("Pyong", "평"), ("Hae", "해"), ("Nam", "남"), ("Po", "포"), ("Won", "원"), ("San", "산"),
            ("Chon", "천"), ("Sin", "신"), ("Hung", "흥"), ("Kang", "강"), ("Song", "성"), ("Rim", "림"),
            ("Chong", "청"), ("Jin", "진"), ("Ham", "함"), ("Mun", "문"), ("Kae", "개"), ("Sun", "순"), ("Ju", "주")]
EN_PLACE_1 = ["Ash", "Bright", "Cold", "East", "Fair", "Green", "High", "Iron", "Kings", "Lake", "Mill",
              "North", "Red", "Silver", "Stone", "West", "White", "Oak", "Salt", "Glen"]
EN_PLACE_2 = ["bridge", "field", "ford", "haven", "mouth", "port", "ton", "wood", "stead", "more", "bury", "gate"]

# -- prose --------------------------------------------------------------------------

TOPICS = ["artillery ammunition", "oil deliveries", "sanctions enforcement", "rail links", "port access",
          "ballistic missile components", "labour exports", "satellite technology", "food aid",
          "air defence systems", "shipping insurance", "coal exports", "military exercises", "debt relief",
          "tourism routes", "fishing rights", "payment channels", "spare parts for aircraft",
          "drone production", "border crossings", "grain shipments", "naval visits", "cyber operations",
          "university exchanges", "medical supplies", "nuclear cooperation", "fuel smuggling"]
CARGO = ["shipping containers", "rail cars of ammunition", "artillery shells", "rocket launchers",
         "barrels of fuel", "tonnes of coal", "crates of spare parts", "trucks", "drones", "rifles"]
SIGHTS = ["a convoy of trucks", "cargo being loaded", "a vessel with its transponder switched off",
          "new storage buildings", "rail cars at a border station", "a cleared launch site"]
WHEN = ["in early spring", "the following week", "by the end of the month", "overnight", "within days",
        "later that year", "in a second round of talks", "before the announcement"]
ACCUSATIONS = ["violating sanctions", "supplying weapons", "smuggling fuel", "hiding shipments",
               "spreading disinformation", "cyber attacks", "forced labour"]
QUOTES = ["baseless rumours", "a provocation", "normal cooperation between neighbours",
          "a matter for the two governments", "pure fabrication", "fully in line with international law",
          "we have nothing to add", "a gross violation of the resolutions"]
TAGS = ["arms-trade", "diplomacy", "sanctions", "shipping", "energy", "military-exercises", "cyber",
        "finance", "rail-transport", "munitions", "missiles", "oil", "labour", "tourism", "space", "nuclear",
        "border", "aviation", "ports", "intelligence", "disinformation", "trade", "fisheries", "coal",
        "education", "health", "agriculture", "technology", "media", "elections"]
LANGUAGES = [("en", 6), ("ru", 3), ("ko", 2), ("uk", 1), ("zh", 1)]

# Sentences for prose fields; {person}, {org}, {place}, {source}, {incident} become [[mentions]].
SENTENCES = [
    "According to {source}, {person} met representatives of {org} in {place}.",
    "{org} denied any involvement in {topic}.",
    "The talks reportedly covered {topic} and {topic}.",
    "{person} told reporters that {topic} had been discussed in detail.",
    "Satellite images published by {source} showed {sight} near {place}.",
    "Officials of {org} said the {cargo} had left {place} {when}.",
    "{org} has not commented on the reports.",
    "The meeting followed months of contacts between {org} and {org} on {topic}.",
    "Analysts cited by {source} linked the move to {topic}.",
    "{person} had previously worked with {org}.",
    "Earlier reports, including {source}, put the figure at {number} {cargo}.",
    "The delegation travelled on to {place}, where it was received by {person}.",
    "It is unclear whether {person} attended in person.",
    "An agreement was signed in {place}; it covers {topic} and runs for {number} years.",
    "See also {incident}, which {source} connects to the same network.",
    "{person} described the accusations as \u201c{quote}\u201d.",
    "Customs records reviewed by {source} list {number} {cargo} passing through {place} {when}.",
    "The account of {org} differs from that of {org} on the dates.",
]

INCIDENT_TITLES = [
    "{person} visits {place}",
    "{person} meets {person} in {place}",
    "{org} reports shipment of {cargo} to {place}",
    "{org} and {org} sign an agreement on {topic}",
    "{org} accuses {org} of {accusation}",
    "Talks on {topic} held in {place}",
    "{org} announces military exercises near {place}",
    "Vessel linked to {org} arrives at {place}",
    "{person} is appointed to lead {org}",
    "Delegation of {org} travels to {place} to discuss {topic}",
]
SOURCE_TITLES = {
    "news_report": ["{place} and {place} discuss {topic}", "Report: {cargo} moved through {place}",
                    "{person} travels to {place} amid talks on {topic}", "{org} under scrutiny over {topic}"],
    "official_statement": ["Statement by {org} on {topic}", "Remarks by {person} on {topic}",
                           "{org} responds to reports on {topic}"],
    "declassified_intelligence": ["Declassified assessment of {topic}", "Intelligence update on {cargo} to {place}"],
    "analysis": ["{topic}: an assessment", "Tracking {cargo} through {place}", "How {org} handles {topic}"],
    "document": ["Agreement between {org} and {org} on {topic}", "Decree on {topic}", "Court record: {org}"],
    "social_media": ["Post by {person} on {topic}", "Video of {cargo} near {place}"],
}
CLAIMS = [
    "{org} supplied {cargo} to {org}.",
    "{person} travelled to {place} to negotiate {topic}.",
    "{org} violated the sanctions on {topic}.",
    "The {cargo} passed through {place}.",
    "{org} paid for {topic} in cash.",
    "{person} personally approved the deal on {topic}.",
]

# Organization names by kind: (English, native) templates; {c} country, {w} a made-up word.
ORG_NAMES = {
    "state": [("Republic of {w}", None)],
    "government": [("Government of {c}", None), ("Cabinet of Ministers of {c}", None)],
    "government_body": [("Office of the President of {c}", None), ("{c} Security Council", None),
                        ("{c} Customs Service", None), ("{w} Regional Administration", "{w} администрация")],
    "ministry": [("Ministry of Defence of {c}", None), ("Ministry of Foreign Affairs of {c}", None),
                 ("Ministry of Energy of {c}", None), ("Ministry of Transport of {c}", None),
                 ("Ministry of Finance of {c}", None), ("Ministry of External Economic Relations of {c}", None)],
    "armed_forces": [("{c} Navy", None), ("{c} Air Force", None), ("{c} Ground Forces", None),
                     ("{w} Military District", "{w} военный округ")],
    "private_military_company": [("{w} Group", "Группа {w}"), ("{w} Security Services", None)],
    "media_outlet": [("{w} Vedomosti", "{w} ведомости"), ("The {w} Herald", None), ("{w} Sinmun", "{w} 신문"),
                     ("{w} Daily", None), ("The {w} Observer", None), ("Vestnik {w}", "Вестник {w}")],
    "news_agency": [("{w} News Agency", None), ("{c} Telegraph Agency", None), ("{w}-Inform", "{w}-Информ")],
    "university": [("{w} State University", "{w} государственный университет"), ("University of {w}", None),
                   ("{w} University of Science", "{w} 과학대학")],
    "forum": [("{w} Economic Forum", "{w} экономический форум"), ("{w} Security Dialogue", None)],
    "company": [("{w}neft", "{w}нефть"), ("{w}trans", "{w}транс"), ("{w} Shipping", None),
                ("{w} Trading Corporation", "{w} 무역회사"), ("{w} Arms Export", None), ("{w}prom", "{w}пром")],
    "political_party": [("{w} Party", None), ("Party of {w} Renewal", None)],
    "international_organization": [("{w} Cooperation Council", None), ("Union of {w} States", None)],
}
ORG_WEIGHTS = {"media_outlet": 14, "news_agency": 6, "ministry": 12, "government_body": 10, "company": 14,
               "armed_forces": 6, "government": 3, "state": 1, "university": 4, "forum": 3,
               "private_military_company": 3, "political_party": 3, "international_organization": 2}
SOURCE_KIND_WEIGHTS = {"news_report": 60, "official_statement": 15, "analysis": 8, "declassified_intelligence": 4,
                       "document": 6, "social_media": 7}
STATUS_WEIGHTS = {"happened": 85, "expected": 6, "planned": 5, "cancelled": 4}
STANCE_WEIGHTS = {"asserts": 35, "denies": 25, "reports": 25, "confirms": 15}
# Which organization kinds a person's relation of each kind points to, when there are any.
PERSON_TARGETS = {"minister_of": ("ministry",), "spokesperson_for": ("ministry", "government_body", "government"),
                  "head_of": ("government_body", "company", "news_agency", "media_outlet", "university"),
                  "leader_of": ("government", "state", "political_party", "private_military_company")}

# Date forms, each with its share of incident dates: every precision EDTF allows us.
DATE_FORMS = {"day": 40, "month": 14, "year": 6, "days": 10, "months": 5, "approximate": 5, "uncertain": 5,
              "approximate_uncertain": 2, "open_end": 5, "open_start": 3, "unspecified": 1, "years": 4}


def record_counts(records: int) -> dict[str, int]:
    """How many records of each type make ``records`` (largest remainders; at least one entity of each)."""
    if records < MIN_RECORDS:
        raise ValueError(f"a synthetic knowledge base needs at least {MIN_RECORDS} records")
    exact = {name: records * share for name, share in MIX.items()}
    counts = {name: int(value) for name, value in exact.items()}
    by_remainder = sorted(MIX, key=lambda name: (-(exact[name] - counts[name]), list(MIX).index(name)))
    for name in by_remainder[: records - sum(counts.values())]:
        counts[name] += 1
    for name in ("place", "organization", "person", "source"):
        if counts[name] == 0:
            largest = max(counts, key=counts.get)
            counts[largest] -= 1
            counts[name] = 1
    return counts


@dataclass
class _Record:
    """A record being made up: what prose and later records need to know of it."""

    type: str
    id: str
    name: str
    culture: str
    country: str = ""  # place id of its country
    kind: str = ""
    data: dict = field(default_factory=dict)
    year: int = 0  # for sources and incidents: when
    participants: list = field(default_factory=list)  # for incidents


class _Writer:
    """Makes up one knowledge base, one record type after another."""

    def __init__(self, model: Model, seed: int):
        self.model = model
        self.rng = random.Random(seed)
        self.records: dict[str, list[_Record]] = {name: [] for name in model.types}
        self.ids: set[str] = set()
        self.names: set[str] = set()
        self.local: dict[tuple[str, str], list[_Record]] = {}  # (type, country) → records
        self.sources_by_year: dict[int, list[_Record]] = {}

    # -- helpers ------------------------------------------------------------------

    def vocabulary(self, name: str, weights: dict[str, int] | None = None) -> str:
        """A value of a model vocabulary; values the weights do not know get weight 1."""
        values = list(self.model.vocabularies[name])
        shares = [(weights or {}).get(v, 1) for v in values]
        return self.rng.choices(values, shares)[0]

    def unique_id(self, base: str) -> str:
        base = base or "record"
        candidate, number = base, 2
        while candidate in self.ids:
            candidate, number = f"{base}-{number}", number + 1
        self.ids.add(candidate)
        return candidate

    def pick(self, type_name: str, near: str = "", kinds=()) -> _Record:
        """A record of a type, more often one from the same country."""
        pool = self.records[type_name]
        if near and self.rng.random() < 0.6:
            pool = self._local(type_name, near) or pool
        if kinds:
            pool = [r for r in pool if r.kind in kinds] or pool
        return self.rng.choice(pool)

    def _local(self, type_name: str, country: str) -> list[_Record]:
        key = (type_name, country)
        if key not in self.local:
            self.local[key] = [r for r in self.records[type_name] if r.country == country]
        return self.local[key]

    def entity(self, near: str = "") -> _Record:
        """A person or an organization."""
        return self.pick("person" if self.rng.random() < 0.55 else "organization", near)

    def day(self, year: int | None = None) -> dt.date:
        year = year or self.year()
        return dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))

    def year(self) -> int:
        """Later years have more records, as knowledge bases grow towards the present."""
        years = list(range(FIRST_YEAR, LAST_YEAR + 1))
        return self.rng.choices(years, [1 + i for i in range(len(years))])[0]

    def edtf(self, year: int, form: str) -> str:
        """A date of one EDTF form (see DATE_FORMS) in a year."""
        rng = self.rng
        start = self.day(year)
        month = f"{start.year:04d}-{start.month:02d}"
        if form == "day":
            return start.isoformat()
        if form == "month":
            return month
        if form == "year":
            return str(year)
        if form == "days":
            first = rng.choice([1, 1, 11, 21, rng.randint(1, 20)])
            begin = start.replace(day=first)
            end = begin + dt.timedelta(days=rng.choice([2, 3, 5, 9]))
            return f"{begin.isoformat()}/{end.isoformat()}"
        if form == "months":
            later = start + dt.timedelta(days=rng.randint(40, 200))
            return f"{month}/{later.year:04d}-{later.month:02d}"
        if form == "years":
            return f"{year}/{year + rng.randint(1, 3)}" if rng.random() < 0.7 else f"{year}~/{year + 2}"
        if form == "approximate":
            return rng.choice([f"{year}~", f"{month}~"])
        if form == "uncertain":
            return rng.choice([f"{month}?", f"{start.isoformat()}?"])
        if form == "approximate_uncertain":
            return f"{month}%"
        if form == "open_end":
            return f"{start.isoformat()}/.."
        if form == "open_start":
            return f"../{start.isoformat()}"
        if form == "unspecified":  # read by the edtf library itself, not the fast path
            return rng.choice([f"{year}-XX", f"{month}-XX", f"{str(year)[:3]}X"])
        raise ValueError(form)

    def date_form(self) -> str:
        return self.rng.choices(list(DATE_FORMS), list(DATE_FORMS.values()))[0]

    def tags(self, most: int = 3) -> list[str]:
        return sorted(self.rng.sample(TAGS, self.rng.randint(1, most)))

    def mention(self, record: _Record) -> str:
        """``[[id]]``, or ``[[id|shorter text]]`` now and then, as contributors write."""
        if self.rng.random() < 0.25:
            if record.type == "person":
                return f"[[{record.id}|{record.name.split(' ')[-1]}]]"
            short = fieldtypes.Name.text((record.data.get("aliases") or [""])[-1])
            if record.type == "organization" and short.isupper():
                return f"[[{record.id}|{short}]]"
        return f"[[{record.id}]]"

    def fill(self, template: str, near: str = "", about=(), link: bool = True, keep: float = 0.7,
             avoid: str = "") -> str:
        """A template with its slots filled: records as mentions (or names), words from the lists.

        A slot takes one of the records in ``about`` with probability ``keep``,
        else any record (from the country ``near``, more often), never ``avoid``.
        """
        rng = self.rng
        about = list(about)
        out = template
        while "{" in out:
            start = out.index("{")
            slot = out[start + 1: out.index("}", start)]
            if slot in ("person", "org", "place", "source", "incident"):
                type_name = {"org": "organization"}.get(slot, slot)
                fitting = [r for r in about if r.type == type_name]
                if fitting and rng.random() < keep:
                    record = fitting[rng.randrange(len(fitting))]
                    about.remove(record)
                else:
                    record = self.pick(type_name if self.records[type_name] else "organization", near)
                    if record.id == avoid:
                        record = self.pick("source")
                value = self.mention(record) if link else record.name
            else:
                words = {"topic": TOPICS, "cargo": CARGO, "sight": SIGHTS, "when": WHEN, "quote": QUOTES,
                         "accusation": ACCUSATIONS}
                value = str(rng.randint(3, 400)) if slot == "number" else rng.choice(words[slot])
            out = out[:start] + value + out[out.index("}", start) + 1:]
        return out

    def prose(self, words: int, near: str = "", about=(), avoid: str = "") -> str:
        """Sentences with mentions, about ``words`` long; the records in ``about`` come first."""
        about = list(about)
        sentences: list[str] = []
        count = 0
        while count < words:
            sentence = self.fill(self.rng.choice(SENTENCES), near, about, avoid=avoid)
            about = [r for r in about if f"[[{r.id}" not in sentence]
            sentence = sentence[0].upper() + sentence[1:]
            sentences.append(sentence)
            count += len(sentence.split())
        return " ".join(sentences)

    def sources_for(self, year: int, most: int = 2) -> list[str]:
        """Sources that could report something from a year: published then or a little later."""
        chosen: list[str] = []
        candidates = self.sources_by_year
        if not candidates:
            for record in self.records["source"]:
                candidates.setdefault(record.year, []).append(record)
        for _ in range(self.rng.randint(1, most)):
            near = [r for y in (year, year + 1) for r in candidates.get(y, [])]
            source = self.rng.choice(near) if near and self.rng.random() < 0.85 else self.rng.choice(
                self.records["source"])
            if source.id not in chosen:
                chosen.append(source.id)
        return chosen

    def relation_kinds(self, from_type: str) -> list[tuple[str, str]]:
        """(kind, target type) pairs the model allows from a record type."""
        allowed = self.model.types[from_type].fields["relations"].items.fields["target"].to
        return [(kind.name, target) for kind in self.model.relations.values() if from_type in kind.source_types
                for target in kind.target_types if target in allowed and self.records.get(target)]

    def relations(self, record: _Record, count: int) -> list[dict]:
        kinds = self.relation_kinds(record.type)
        out: list[dict] = []
        for _ in range(count if kinds else 0):
            kind, target_type = self.rng.choice(kinds)
            target = self.pick(target_type, record.country, kinds=PERSON_TARGETS.get(kind, ()))
            if target.id == record.id or any(r["target"] == target.id and r["type"] == kind for r in out):
                continue
            relation = {"type": kind, "target": target.id}
            if self.rng.random() < 0.4:
                since = self.year()
                relation["since"] = self.edtf(since, self.rng.choice(["year", "month", "day"]))
                if self.rng.random() < 0.35:
                    relation["until"] = str(min(since + self.rng.randint(1, 6), LAST_YEAR + 1))
            if self.rng.random() < 0.15:
                relation["note"] = f"As described by {self.pick('source').name}."
            relation["sources"] = self.sources_for(self.year())
            out.append(relation)
        return out

    def name_once(self, make) -> tuple:
        """A name not used yet (a few tries, then the last one: namesakes happen)."""
        for _ in range(12):
            made = make()
            if made[0] not in self.names:
                break
        self.names.add(made[0])
        return made

    # -- the record types ---------------------------------------------------------

    def place_word(self, culture: str) -> tuple[str, str | None]:
        rng = self.rng
        if culture == "ru":
            parts = [rng.choice(RU_PREFIXES), rng.choice(RU_ROOTS), rng.choice(RU_ENDINGS)]
            return "".join(p[0] for p in parts).capitalize(), "".join(p[1] for p in parts).capitalize()
        if culture == "ko":
            parts = rng.sample(KO_PLACE, 2)
            return (parts[0][0] + parts[1][0].lower()), parts[0][1] + parts[1][1]
        return rng.choice(EN_PLACE_1) + rng.choice(EN_PLACE_2), None

    def places(self, count: int) -> None:
        countries = COUNTRIES[: max(1, min(len(COUNTRIES), count // 8 or 1))]
        kinds = self.model.vocabularies["place_kind"]
        for name, culture, aliases in countries:
            data = {"name": name, "aliases": list(aliases), "kind": "country" if "country" in kinds else "other"}
            record = _Record("place", self.unique_id(slug(name)), name, culture, kind=data["kind"], data=data)
            record.country = record.id
            self.names.add(name)
            self._add(record)
        for index in range(count - len(countries)):
            country = self.rng.choice(self.records["place"][: len(countries)])
            share = index / max(1, count - len(countries))
            kind = "region" if share < 0.2 else "city" if share < 0.7 else "site"
            kind = kind if kind in kinds else self.vocabulary("place_kind")
            inside = [r for r in self._local("place", country.id) if r.kind in {"region": ("country",),
                      "city": ("region", "country"), "site": ("city",)}.get(kind, ("country",))] or [country]
            parent = self.rng.choice(inside)
            word, native = self.name_once(lambda: self.place_word(country.culture))
            if kind == "region":
                name, alias = f"{word} Region", (f"{native} край" if country.culture == "ru" and native else native)
            elif kind == "site":
                template = self.rng.choice(["Port of {}", "{} Air Base", "{} Shipyard", "{} rail terminal"])
                city = parent.name.removesuffix(" Region")
                name, alias = template.format(city), None
            else:
                name, alias = word, native
            data = {"name": name}
            if alias:
                data["aliases"] = [alias]
            data["kind"] = kind
            data["located_in"] = parent.id
            if self.rng.random() < 0.5:
                data["description"] = ""  # filled once every record has an id
            record = _Record("place", self.unique_id(slug(name)), name, country.culture, country.id, kind, data)
            self._add(record)

    def organizations(self, count: int) -> None:
        countries = [r for r in self.records["place"] if r.country == r.id]
        for _ in range(count):
            kind = self.vocabulary("organization_kind", ORG_WEIGHTS)
            country = self.rng.choice(countries)

            def make():
                word, native = self.place_word(country.culture)
                english, local = self.rng.choice(ORG_NAMES.get(kind, [("{w} " + kind.replace("_", " ").title(), None)]))
                name = english.format(c=country.name, w=word)
                alias = local.format(w=native) if local and native else None
                return name, alias

            name, alias = self.name_once(make)
            data = {"name": name}
            initials = "".join(w[0] for w in name.split() if w[0].isupper())
            aliases = [a for a in (alias, initials if len(initials) > 2 else None) if a]
            if aliases:
                data["aliases"] = aliases
            data["kind"] = kind
            data["country"] = country.id
            if self.rng.random() < 0.3:
                data["identifiers"] = {"wikidata": f"Q{self.rng.randint(1000, 9_999_999)}",
                                       "website": f"https://{slug(name)[:30]}.example"}
            data["description"] = ""
            self._add(_Record("organization", self.unique_id(slug(name)), name, country.culture, country.id,
                              data["kind"], data))

    def person_name(self, culture: str) -> tuple[str, list[str]]:
        rng = self.rng
        if culture == "ru":
            female = rng.random() < 0.3
            first = rng.choice(RU_FEMALE if female else RU_MALE)
            last, last_native = rng.choice(RU_SURNAMES)
            if female:
                last, last_native = last + "a", last_native + "а"
            aliases = [f"{first[2]} {last_native}"]
            if first[1] != first[0]:
                aliases.append(f"{first[1]} {last}")
            return f"{first[0]} {last}", aliases
        if culture == "ko":
            family = rng.choice(KO_SURNAMES)
            one, two = rng.sample(KO_SYLLABLES, 2)
            name = f"{family[0]} {one[0]} {two[0]}"
            return name, [f"{family[2]}{one[1]}{two[1]}", f"{family[1]} {one[0]}-{two[0].lower()}"]
        first, last = rng.choice(EN_FIRST), rng.choice(EN_SURNAMES)
        return f"{first} {last}", [f"{first[0]}. {last}"]

    def people(self, count: int) -> None:
        countries = [r for r in self.records["place"] if r.country == r.id]
        for _ in range(count):
            country = self.rng.choice(countries)
            name, aliases = self.name_once(lambda: self.person_name(country.culture))
            if country.culture == "ru" and len(self.records["person"]) % 4 == 0:
                # Now and then a name with its language said, as contributors may write it.
                aliases = [{"name": aliases[0], "lang": "ru"}] + aliases[1:]
            data = {"name": name, "aliases": aliases}
            if self.rng.random() < 0.25:
                data["identifiers"] = {"wikidata": f"Q{self.rng.randint(1000, 99_999_999)}"}
            data["description"] = ""
            self._add(_Record("person", self.unique_id(slug(name)), name, country.culture, country.id, data=data))

    def sources(self, count: int) -> None:
        publishers = [r for r in self.records["organization"] if r.kind in ("media_outlet", "news_agency")]
        for _ in range(count):
            kind = self.vocabulary("source_kind", SOURCE_KIND_WEIGHTS)
            if kind == "social_media":
                publisher = self.pick("person")
            elif kind in ("official_statement", "declassified_intelligence", "document"):
                publisher = self.pick("organization", kinds=("ministry", "government_body", "government", "state"))
            else:
                publisher = self.rng.choice(publishers) if publishers else self.pick("organization")
            year = self.year()
            precision = self.rng.choices(["day", "month", "year"], [85, 12, 3])[0]
            published = self.edtf(year, precision)
            title = self.fill(self.rng.choice(SOURCE_TITLES.get(kind, SOURCE_TITLES["news_report"])),
                              publisher.country, link=False)
            title = title[0].upper() + title[1:]
            short = (fieldtypes.Name.text(publisher.data.get("aliases", [publisher.name])[-1])
                     if publisher.type == "organization" else "")
            record_name = slug(f"{short or publisher.name.split()[-1]} {published} {title}")
            data = {"title": title, "publisher": publisher.id, "published": published}
            language = self.rng.choices([l for l, _ in LANGUAGES], [w for _, w in LANGUAGES])[0]
            if self.rng.random() < 0.9:
                data["url"] = f"https://{slug(publisher.name)[:24]}.example/{year}/{slug(title)[:50]}"
            data["language"] = language
            data["kind"] = kind
            record = _Record("source", self.unique_id(record_name[:80].strip("-")), title, publisher.culture,
                             publisher.country, kind, data, year)
            self._add(record)

    def incidents(self, count: int) -> None:
        forms = list(DATE_FORMS)  # each form at least once, then in their shares
        for index in range(count):
            year = self.year()
            form = forms[index] if index < len(forms) else self.date_form()
            status = self.vocabulary("incident_status", STATUS_WEIGHTS)
            if status in ("expected", "planned") and self.rng.random() < 0.5:
                form = "open_end"
            date = self.edtf(year, form)
            location = self.pick("place")
            participants = []
            for _p in range(self.rng.randint(2, 5)):
                who = self.entity(location.country)
                if who.id not in [p.id for p in participants]:
                    participants.append(who)
            title = self.fill(self.rng.choice(INCIDENT_TITLES), location.country,
                              about=participants + [location], link=False, keep=1.0)
            data = {"title": title[0].upper() + title[1:], "date": date}
            if self.rng.random() < 0.2:
                data["reported"] = self.day(min(year + self.rng.randint(0, 1), LAST_YEAR)).isoformat()
            if status != "happened":
                data["status"] = status
            if self.rng.random() < 0.75:
                data["location"] = location.id
            data["participants"] = [{"id": p.id, "role": self.vocabulary("participant_role")} for p in participants]
            new_id = record_id(self.model.types["incident"], data["title"], {"date": date})
            self._add(_Record("incident", self.unique_id(new_id), data["title"], location.culture,
                              location.country, status, data, year, participants))

    def claim_statements(self, count: int) -> None:
        for _ in range(count):
            country = self.pick("place").country
            statement = self.fill(self.rng.choice(CLAIMS), country, link=False)
            data = {"statement": statement[0].upper() + statement[1:]}
            self._add(_Record("claim", self.unique_id(slug(statement)[:60].strip("-")), data["statement"],
                              "en", country, data=data, year=self.year()))

    def _add(self, record: _Record) -> None:
        self.records[record.type].append(record)
        self.local.pop((record.type, record.country), None)

    # -- what needs every id: prose, citations, stances -----------------------------

    def stances(self, year: int, parties: list[_Record], sources: list[str]) -> list[dict]:
        out = []
        for _ in range(self.rng.randint(1, 3)):
            party = self.rng.choice(parties) if parties and self.rng.random() < 0.7 else self.entity()
            stance = {"party": party.id, "stance": self.vocabulary("stance", STANCE_WEIGHTS),
                      "source": self.rng.choice(sources) if sources else self.sources_for(year, 1)[0]}
            if self.rng.random() < 0.3:
                stance["date"] = self.edtf(year, self.rng.choice(["day", "month", "days"]))
            if self.rng.random() < 0.1:
                stance["anonymous"] = True
                stance["speaker"] = self.rng.choice(["officials", "a senior official", "diplomats", "sources"])
            if self.rng.random() < 0.2:
                stance["quote"] = self.rng.choice(QUOTES)
            out.append(stance)
        return out

    def finish(self) -> None:
        rng = self.rng
        for record in self.records["place"] + self.records["organization"] + self.records["person"]:
            data = record.data
            if "description" in data:
                data["description"] = self.prose(rng.randint(25, 80), record.country, avoid=record.id)
            count = {"person": rng.randint(1, 3), "organization": rng.randint(0, 2),
                     "place": 1 if rng.random() < 0.2 else 0}[record.type]
            relations = self.relations(record, count)
            if relations:
                data["relations"] = relations
            if rng.random() < 0.4:
                data["tags"] = self.tags()
        earlier: list[_Record] = []
        for record in sorted(self.records["source"], key=lambda r: (r.year, r.id)):
            data = record.data
            if rng.random() < 0.4:
                data["attribution"] = []
                for _ in range(rng.randint(1, 3)):
                    item = {"party": self.entity(record.country).id, "kind": self.vocabulary("attribution_kind")}
                    if rng.random() < 0.3:
                        item["label"] = rng.choice(["American officials", "the agency", "a government source",
                                                    "Pyongyang", "the Kremlin", "customs officers"])
                    if item["party"] not in [a["party"] for a in data["attribution"]]:
                        data["attribution"].append(item)
            if earlier and rng.random() < 0.3:
                data["based_on"] = sorted({rng.choice(earlier[-200:]).id for _ in range(rng.randint(1, 2))})
            if rng.random() < 0.85:
                data["summary"] = self.prose(rng.randint(30, 80), record.country, avoid=record.id)
            if rng.random() < 0.4:
                data["tags"] = self.tags()
            earlier.append(record)
        for record in self.records["incident"]:
            data = record.data
            sources = self.sources_for(record.year, 3)
            about = list(record.participants)
            data["summary"] = self.prose(rng.randint(18, 40), record.country, about[:3], avoid=record.id)
            if rng.random() < 0.65:
                data["body"] = self.prose(rng.randint(80, 240), record.country, about, avoid=record.id)
            data["sources"] = sources
            if rng.random() < 0.3:
                data["claims"] = []
                for index in range(rng.randint(1, 2)):
                    statement = self.fill(rng.choice(CLAIMS), record.country, about=record.participants, link=False)
                    claim = {"statement": statement[0].upper() + statement[1:]}
                    if rng.random() < 0.5:
                        claim = {"id": f"{slug(statement)[:40].strip('-')}-{index + 1}", **claim}
                    claim["stances"] = self.stances(record.year, record.participants, sources)
                    data["claims"].append(claim)
            data["tags"] = self.tags()
        incidents = self.records["incident"]
        for record in self.records["claim"]:
            data = record.data
            about = [self.entity(record.country) for _ in range(rng.randint(1, 2))]
            if incidents and rng.random() < 0.7:
                about.append(rng.choice(incidents))
            data["about"] = list(dict.fromkeys(r.id for r in about))
            parties = [r for r in about if r.type in ("person", "organization")]
            data["stances"] = self.stances(record.year, parties, [])
            if rng.random() < 0.7:
                data["description"] = self.prose(rng.randint(30, 90), record.country, about, avoid=record.id)
            data["tags"] = self.tags(2)


def knowledge_base(records: int, seed: int = 0, model: Model | None = None) -> dict[str, str]:
    """A synthetic knowledge base of ``records`` records: ``{"people/x.yaml": yaml text}``, sorted."""
    model = model or load_model()
    counts = record_counts(records)
    writer = _Writer(model, seed)
    writer.places(counts["place"])
    writer.organizations(counts["organization"])
    writer.people(counts["person"])
    writer.sources(counts["source"])
    writer.incidents(counts["incident"])
    writer.claim_statements(counts["claim"])
    writer.finish()
    files = {}
    for type_name, made in writer.records.items():
        folder = model.types[type_name].folder
        for record in made:
            data = {k: v for k, v in record.data.items() if v not in ("", None, [])}
            files[f"{folder}/{record.id}.yaml"] = yaml.dump(
                data, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return dict(sorted(files.items()))


def write(files: dict[str, str], out) -> Path:
    """Write ``knowledge_base()``'s files under the data folder ``out``; refuse a folder with files in it."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty; synth writes a whole knowledge base into an empty folder")
    for name, text in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return out


# -- the command ----------------------------------------------------------------------

HELP = "write a synthetic knowledge base that passes check (for benchmarks)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--records", type=int, required=True, metavar="N",
                        help=f"how many records (at least {MIN_RECORDS}): about "
                             + ", ".join(f"{share * 100:.0f}%% {name}s" for name, share in MIX.items()))
    parser.add_argument("--out", required=True, metavar="DIR",
                        help="the data folder to write (must be empty or missing); check it with "
                             "mkdossier check --data DIR")
    parser.add_argument("--seed", type=int, default=0, help="the same seed gives the same files (default: 0)")


def run(args) -> int:
    started = time.perf_counter()
    try:
        files = knowledge_base(args.records, args.seed)
        write(files, args.out)
    except (ValueError, FileExistsError) as error:
        print(f"mkdossier synth: error: {error}", file=sys.stderr)
        return 2
    counts = {}
    for name in files:
        counts[name.split("/")[0]] = counts.get(name.split("/")[0], 0) + 1
    summary = ", ".join(f"{count} {folder}" for folder, count in counts.items())
    print(f"Wrote {len(files)} records ({summary}) to {args.out} in {time.perf_counter() - started:.1f} s.")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="mkdossier synth", description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
