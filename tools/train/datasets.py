"""Every labelled image set under ../shared/datasets/: each folder whose manifest.csv has the columns
file, label (ai|real), kind and source_repo joins, with no code change for a new round. A manifest
without them (metadata-samples: 40 PNGs kept for their generator metadata, no `kind`, several of
them also in ai-vs-real's sources) is skipped and named in the log. Subjects: round3 onwards carry
a free-text `subject`; coarse_subject() folds it into the few categories of round5, so leave-source-out
figures can be read by subject and the two labels balanced inside each subject."""
from __future__ import annotations

import csv
import glob
import hashlib
import os

REQUIRED = ('file', 'label', 'kind', 'source_repo')
# round5's categories plus landscape; the first keyword list that matches wins, so the order matters
# ("oil painting landscape" is a painting, "anime fan-art wallpaper" is anime, "fashion ... women" fashion).
SUBJECT_KEYWORDS = [
    ('anime', ('anime', 'manga')),
    ('painting', ('painting', 'bob ross', 'pastiche', 'watercolo', 'oil ')),
    ('fashion', ('fashion', 'apparel', 'outfit', 'sportswear', 'clothing', 'dress', 'e-commerce', 'makeup')),
    ('food', ('food', 'dish', 'recipe', 'cooking', 'meal', 'fruit', 'cake', 'dessert')),
    ('animal', ('animal', 'pet', 'dog', 'cat ', 'cats', 'bird', 'wildlife', 'fish')),
    ('interior', ('interior', 'room', 'kitchen', 'bathroom', 'ikea', 'furniture')),
    ('portrait', ('portrait', 'face', 'celebrity', 'people', 'person', 'headshot', 'selfie', 'pose', 'woman',
                  'women', 'girl', 'hair', 'family', 'model')),
    ('landscape', ('landscape', 'nature', 'city', 'travel', 'beach', 'mountain', 'scenery', 'architecture', 'street')),
    ('product', ('product', 'still life', 'flatlay', 'flat lay')),
    ('illustration', ('illustration', 'art', 'drawing', 'fantasy', 'sci-fi', 'character', 'digital', 'game', 'concept',
                      'poster', 'render', 'cg')),
]


def coarse_subject(subject: str | None) -> str:
    """'' (no subject column: ai-vs-real) -> 'unlabelled'; otherwise the first matching category, or 'other'."""
    if subject is None or not subject.strip():
        return 'unlabelled'
    s = subject.lower()
    for name, words in SUBJECT_KEYWORDS:
        if any(w in s for w in words):
            return name
    return 'other'


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def find(root: str = '../shared/datasets') -> tuple[list[dict], list[str]]:
    """([{name, manifest, sha256, rows}], skipped messages). Sorted by folder name, so the row order (and
    the fold assignment) is the same on every run with the same data."""
    sets, skipped = [], []
    for path in sorted(glob.glob(os.path.join(root, '*', 'manifest.csv'))):
        name = os.path.basename(os.path.dirname(path))
        rows = list(csv.DictReader(open(path, newline='', encoding='utf-8')))
        missing = [c for c in REQUIRED if not rows or c not in rows[0]]
        if missing:
            skipped.append(f'{name}: no {", ".join(missing)} column')
            continue
        base = os.path.dirname(os.path.abspath(path))
        out = []
        for r in rows:
            label = r['label'].strip().lower()
            if label not in ('ai', 'real'):
                continue
            out.append({'dataset': name, 'file': r['file'], 'path': os.path.join(base, r['file']), 'label': label,
                        'kind': r['kind'].strip().lower(), 'source_repo': r['source_repo'].strip(),
                        'subject': (r.get('subject') or '').strip(),
                        'subject_group': coarse_subject(r.get('subject'))})
        sets.append({'name': name, 'manifest': os.path.relpath(path), 'sha256': sha256_file(path), 'rows': out})
    return sets, skipped
