#!/usr/bin/python3
"""Trains the example sentiment classifier; writes sentiment.onnx and vocab.h.

The vocabulary has about 200 words: positive and negative words, negations
and neutral words (nouns, verbs, function words). Training sentences are
generated from a small grammar: one to three clauses such as "the food was
very good", "we did not enjoy the film", "what a boring story", joined by
"and", or by "but" when two clauses disagree (then the second one decides).
"not" flips a clause. Sentences are 16 token ids, padded with <pad> (0);
a few words are replaced by <unk> (1) so that the model learns to ignore
words it does not know.

The model: token embedding + learned position embedding, a 2-layer
TransformerEncoder (d_model 32, 4 heads), mean over the non-padding
positions, Linear to 2 classes, Softmax. Training takes well under a minute
on a CPU; the seed is fixed, so the model is the same every time.
    /usr/bin/python3 examples/sentiment/make_model.py examples/sentiment/sentiment.onnx \\
        examples/sentiment/vocab.h
"""
import random
import re
import sys

import torch
from torch import nn

SEQ_LEN = 16

POSITIVE_ADJ = """good great excellent wonderful amazing fantastic lovely brilliant superb
enjoyable delightful pleasant beautiful perfect awesome fun charming impressive outstanding
nice friendly helpful clean tasty comfortable fresh fast funny clever gorgeous""".split()
NEGATIVE_ADJ = """bad terrible awful horrible poor boring dull disappointing ugly slow rude
dirty broken bland mediocre annoying painful useless weak stale noisy cold stupid messy
unpleasant tiring confusing overpriced cheap awkward""".split()
POSITIVE_VERB = "loved liked enjoyed adored recommend appreciated love like enjoy".split()
NEGATIVE_VERB = "hated disliked regret hate dislike regretted".split()
NOUNS = """food movie film service staff hotel room book story plot acting music place
restaurant waiter price meal show ending phone battery screen camera product game song
album team coffee pizza trip flight seat car app website course teacher class lesson
weather beach view city concert performance director actor actress cast script
soundtrack dessert wine beer bread soup sushi burger""".split()
SUBJECTS = "i we they you he she".split()
DETERMINERS = "the this that our my their".split()
INTENSIFIERS = "very really quite so extremely too pretty truly".split()
BE = "was is were are".split()
OPENERS = "overall honestly frankly well today yesterday again".split()
OTHER = "a an what and but not did do does it of to in for on at with".split()

WORDS = sorted(set(POSITIVE_ADJ + NEGATIVE_ADJ + POSITIVE_VERB + NEGATIVE_VERB + NOUNS + SUBJECTS
                   + DETERMINERS + INTENSIFIERS + BE + OPENERS + OTHER))
VOCAB = ["<pad>", "<unk>"] + WORDS
INDEX = {w: i for i, w in enumerate(VOCAB)}


def adjective(rng, polarity):
    return rng.choice(POSITIVE_ADJ if polarity > 0 else NEGATIVE_ADJ)


def clause(rng, polarity):
    """A clause whose meaning has the given polarity (+1 or -1)."""
    negate = rng.random() < 0.3
    p = -polarity if negate else polarity      # polarity of the sentiment word itself
    kind = rng.randrange(4)
    if kind == 0:       # the food was (very) (not) good
        words = [rng.choice(DETERMINERS), rng.choice(NOUNS), rng.choice(BE)]
        if negate:
            words.append("not")
        if rng.random() < 0.4:
            words.append(rng.choice(INTENSIFIERS))
        words.append(adjective(rng, p))
    elif kind == 1:     # we (did not) enjoy(ed) the film
        verb = rng.choice(POSITIVE_VERB if p > 0 else NEGATIVE_VERB)
        words = [rng.choice(SUBJECTS)]
        if negate:
            words += [rng.choice(["did", "do"]), "not"]
        elif rng.random() < 0.3:
            words.append("really")
        words += [verb, rng.choice(DETERMINERS + ["it"])]
        if words[-1] != "it":
            words.append(rng.choice(NOUNS))
    elif kind == 2:     # (it was) a (very) boring story / (not) a great film / what a film
        words = []
        r = rng.random()
        if r < 0.4:
            words += ["it", rng.choice(["was", "is"])]
        elif r < 0.6 and not negate:
            words.append("what")
        if negate:
            words.append("not")
        words.append("a")
        if rng.random() < 0.3:
            words.append(rng.choice(INTENSIFIERS))
        words += [adjective(rng, p), rng.choice(NOUNS)]
    else:               # the staff were (not) friendly to us / the pizza is (not) good with wine
        words = [rng.choice(DETERMINERS), rng.choice(NOUNS), rng.choice(BE)]
        if negate:
            words.append("not")
        words += [adjective(rng, p), rng.choice(["for", "to", "with", "at", "in", "on"]),
                  rng.choice(DETERMINERS), rng.choice(NOUNS)]
    return words


def sentence(rng):
    """A random sentence (list of words, at most SEQ_LEN) and its label (1 positive, 0 negative)."""
    while True:
        n = rng.choice([1, 1, 2, 2, 3])
        first = rng.choice([1, -1])
        if n == 2 and rng.random() < 0.5:      # disagreement: "X but Y", Y decides
            words = clause(rng, first) + ["but"] + clause(rng, -first)
            label = -first
        else:
            words = clause(rng, first)
            for _ in range(n - 1):
                words += ["and"] + clause(rng, first)
            label = first
        if rng.random() < 0.2:
            words = [rng.choice(OPENERS)] + words
        if len(words) <= SEQ_LEN:
            return words, 1 if label > 0 else 0


def encode(words, rng=None):
    ids = []
    for w in words:
        i = INDEX.get(w, 1)
        if rng is not None and rng.random() < 0.03:
            i = 1       # an unknown word
        ids.append(i)
    return ids + [0] * (SEQ_LEN - len(ids))


def batch(rng, n):
    xs, ys = [], []
    for _ in range(n):
        words, label = sentence(rng)
        xs.append(encode(words, rng))
        ys.append(label)
    return torch.tensor(xs, dtype=torch.int64), torch.tensor(ys, dtype=torch.int64)


class SentimentNet(nn.Module):
    def __init__(self, vocab, d=32):
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        self.pos = nn.Parameter(0.1 * torch.randn(1, SEQ_LEN, d))
        layer = nn.TransformerEncoderLayer(d_model=d, nhead=4, dim_feedforward=64, dropout=0.0,
                                           batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
        self.head = nn.Linear(d, 2)

    def forward(self, ids):
        h = self.encoder(self.embed(ids) + self.pos)
        mask = (ids != 0).unsqueeze(-1).float()
        pooled = (h * mask).sum(1) / mask.sum(1)
        logits = self.head(pooled)
        return logits if self.training else torch.softmax(logits, dim=1)


def write_vocab(path):
    with open(path, "w") as f:
        f.write("/* Generated by make_model.py: the vocabulary of sentiment.onnx.\n"
                "   Token id = index in sentiment_vocab; 0 pads, 1 is any unknown word. */\n")
        f.write("#ifndef SENTIMENT_VOCAB_H\n#define SENTIMENT_VOCAB_H\n\n")
        f.write(f"#define SENTIMENT_SEQ_LEN {SEQ_LEN}\n")
        f.write("#define SENTIMENT_PAD 0\n#define SENTIMENT_UNK 1\n")
        f.write(f"#define SENTIMENT_VOCAB_SIZE {len(VOCAB)}\n\n")
        f.write("static const char *const sentiment_vocab[SENTIMENT_VOCAB_SIZE] = {\n")
        line = "   "
        for w in VOCAB:
            item = f' "{w}",'
            if len(line) + len(item) > 96:
                f.write(line + "\n")
                line = "   "
            line += item
        f.write(line + "\n};\n\n#endif\n")


# A few of the sentences main.c classifies.
CHECK = ["The service was slow, but the waiter was friendly.", "The lasagna was excellent.",
         "Our flight was extremely uncomfortable and noisy."]


def main():
    torch.manual_seed(0)
    torch.set_num_threads(2)
    rng = random.Random(0)
    model = SentimentNet(len(VOCAB))
    steps = 700
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda step: 1 - step / steps)
    for step in range(steps):
        x, y = batch(rng, 128)
        loss = nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % 100 == 0:
            print(f"step {step}: loss {loss.item():.4f}")
    print(f"final training loss {loss.item():.4f}")
    model.eval()
    with torch.no_grad():
        x, y = batch(random.Random(1), 2000)
        acc = (model(x).argmax(1) == y).float().mean().item()
        print(f"vocabulary {len(VOCAB)} words; accuracy on 2000 fresh sentences {100 * acc:.1f}%")
        # The same tokenization as main.c, to compare its output with PyTorch's.
        for text in CHECK:
            ids = torch.tensor([encode(re.findall("[a-z]+", text.lower())[:SEQ_LEN])])
            print(f"  p(positive) = {model(ids)[0, 1].item():.3f}  {text}")
    torch.onnx.export(model, torch.ones(1, SEQ_LEN, dtype=torch.int64), sys.argv[1],
                      opset_version=13, input_names=["tokens"], output_names=["probabilities"])
    write_vocab(sys.argv[2])


if __name__ == "__main__":
    main()
