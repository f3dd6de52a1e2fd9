"""The most frequent words and phrases in the answers: a plain method an editor can check by hand.

1. Each answer is lower-cased; everything that is not a letter or a digit separates words (so "don't" gives "don"
   and "t"; one-letter words are dropped).
2. Words: every word not in STOP_WORDS. Phrases: every run of two or three words in a row that neither starts nor
   ends with a stop word ("landing page", "time to market").
3. A word or phrase counts once per answer that uses it (document frequency), so one long answer can't dominate.
4. Terms used by at least two answers are listed, most answers first; a phrase hides a single word it contains when
   both are used by the same answers (so "landing page" does not also list "landing" with the same count).
"""

import re
from collections import defaultdict

WORD = re.compile(r"[^\W_]+")

# A short English stop-word list: words that say little on their own in an answer.
STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being below between
    both but by can could did do does doing don down during each even ever few for from further get got had has have
    having he her here hers herself him himself his how i if in into is it its itself just like me more most much my
    myself no nor not now of off on once only or other our ours ourselves out over own really same she should so some
    such than that the their theirs them themselves then there these they this those through to too under until up
    us very was we were what when where which while who whom why will with would you your yours yourself yourselves
    want wants hoping hope help helps would ll ve re
    """.split()  # noqa: SIM905 (a list kept readable, one paragraph)
)


def words(text):
    return [word for word in WORD.findall((text or "").lower()) if len(word) > 1]


def terms(text, longest=3):
    """The distinct words and phrases of one answer."""
    tokens = words(text)
    found = {token for token in tokens if token not in STOP_WORDS and not token.isdigit()}
    for size in range(2, longest + 1):
        for start in range(len(tokens) - size + 1):
            run = tokens[start : start + size]
            if run[0] not in STOP_WORDS and run[-1] not in STOP_WORDS:
                found.add(" ".join(run))
    return found


def parts(phrase):
    """The shorter runs of words inside a phrase: "time to market" -> "time", "market", "time to", "to market"."""
    tokens = phrase.split()
    return {" ".join(tokens[i:j]) for i in range(len(tokens)) for j in range(i + 1, len(tokens) + 1)} - {phrase}


def frequent_terms(answers, limit=20, minimum=2, examples=3):
    """[{"term", "count", "examples": [answer, ...], "ids": {answer pks}}], most-used first, then alphabetically.

    `answers` are objects with `pk` and `text`."""
    users = defaultdict(list)
    for answer in answers:
        for term in terms(answer.text):
            users[term].append(answer)
    counted = {term: found for term, found in users.items() if len(found) >= minimum}
    ids = {term: frozenset(answer.pk for answer in found) for term, found in counted.items()}
    covered = {part for term in counted for part in parts(term) if ids.get(part) == ids[term]}
    kept = [(term, found, ids[term]) for term, found in counted.items() if term not in covered]
    kept.sort(key=lambda item: (-len(item[1]), -item[0].count(" "), item[0]))
    return [
        {"term": term, "count": len(found), "examples": found[:examples], "ids": ids}
        for term, found, ids in kept[:limit]
    ]
