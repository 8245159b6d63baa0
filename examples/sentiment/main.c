/* Example: a text classifier embedded in a C program.

   sentiment.onnx is a small Transformer encoder trained (make_model.py) to
   tell positive from negative sentences; vocab.h, written by the same
   script, is its vocabulary. dlc turns the model into sentiment_model.c/.h;
   this program tokenizes sentences (lowercase; anything that is not a
   letter separates words; words not in the vocabulary become <unk>), runs
   the model and prints its verdict.

   With arguments, it classifies each argument:
       example_sentiment "the soup was cold but the bread was fresh"
   Without, it classifies built-in labelled sentences and exits 0 only when
   it gets all of them right. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sentiment_model.h"
#include "vocab.h"

static int64_t lookup(const char *word)
{
    for (int i = 0; i < SENTIMENT_VOCAB_SIZE; i++)
        if (strcmp(sentiment_vocab[i], word) == 0) return i;
    return SENTIMENT_UNK;
}

/* Fills ids[SENTIMENT_SEQ_LEN]; returns the number of words (more than
   SENTIMENT_SEQ_LEN means the sentence was cut) and counts unknown words. */
static int tokenize(const char *text, int64_t ids[SENTIMENT_SEQ_LEN], int *unknown)
{
    int n = 0;
    *unknown = 0;
    for (int i = 0; i < SENTIMENT_SEQ_LEN; i++) ids[i] = SENTIMENT_PAD;
    while (*text) {
        char word[32];
        size_t len = 0;
        while (*text && !isalpha((unsigned char)*text)) text++;
        if (!*text) break;
        while (isalpha((unsigned char)*text)) {
            if (len + 1 < sizeof word) word[len++] = (char)tolower((unsigned char)*text);
            text++;
        }
        word[len] = '\0';
        int64_t id = lookup(word);
        *unknown += id == SENTIMENT_UNK;
        if (n < SENTIMENT_SEQ_LEN) ids[n] = id;
        n++;
    }
    return n;
}

/* Returns the probability that `text` is positive (negative on failure). */
static float positive_probability(const char *text)
{
    int64_t ids[SENTIMENT_SEQ_LEN];
    int unknown, n = tokenize(text, ids, &unknown);
    if (n == 0) return -1;
    if (n > SENTIMENT_SEQ_LEN)
        printf("  (only the first %d of %d words are used)\n", SENTIMENT_SEQ_LEN, n);
    float p[2]; /* [negative, positive] */
    const void *inputs[1] = {ids};
    void *outputs[1] = {p};
    if (sentiment_run(inputs, outputs) != 0) return -1;
    return p[1];
}

static void report(const char *text, float pos)
{
    if (pos < 0)
        printf("  %-58s error\n", text);
    else if (pos >= 0.5f)
        printf("  %-58s positive (p = %.3f)\n", text, pos);
    else
        printf("  %-58s negative (p = %.3f)\n", text, 1 - pos);
}

static const struct {
    const char *text;
    int positive;
} examples[] = {
    {"The food was very good.", 1},
    {"I really loved this movie!", 1},
    {"What a boring story.", 0},
    {"We did not enjoy the film.", 0},
    {"The hotel room was dirty and the staff were rude.", 0},
    {"The plot was not bad.", 1},
    {"The service was slow, but the waiter was friendly.", 1},
    {"Honestly the pizza was great but the coffee was terrible.", 0},
    {"It was not a great concert.", 0},
    {"They recommend this restaurant.", 1},
    {"The lasagna was excellent.", 1}, /* "lasagna" is not in the vocabulary */
    {"Our flight was extremely uncomfortable and noisy.", 0}, /* nor is "uncomfortable" */
};

int main(int argc, char **argv)
{
    if (argc > 1) {
        int status = 0;
        for (int i = 1; i < argc; i++) {
            float pos = positive_probability(argv[i]);
            report(argv[i], pos);
            if (pos < 0) status = 1;
        }
        return status;
    }

    const dlc_tensor_info *in = sentiment_input_info(0), *out = sentiment_output_info(0);
    printf("model input '%s' [%lld x %lld] (token ids), output '%s' [%lld x %lld]; "
           "vocabulary %d words\n\n",
           in->name, (long long)in->dims[0], (long long)in->dims[1], out->name,
           (long long)out->dims[0], (long long)out->dims[1], SENTIMENT_VOCAB_SIZE);

    int n = (int)(sizeof examples / sizeof examples[0]), correct = 0;
    for (int i = 0; i < n; i++) {
        float pos = positive_probability(examples[i].text);
        report(examples[i].text, pos);
        if (pos >= 0 && (pos >= 0.5f) == (examples[i].positive != 0))
            correct++;
        else
            printf("    ^ wrong: expected %s\n", examples[i].positive ? "positive" : "negative");
    }
    printf("\n%d of %d labelled sentences right\n", correct, n);
    return correct == n ? 0 : 1;
}
