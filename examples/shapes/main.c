/* Example: an image classifier embedded in a C program.

   shapes.onnx is a small CNN trained (make_model.py) to tell circles,
   squares and triangles apart in 32x32 grayscale images. dlc turns it into
   shapes_model.c/.h; this program draws test images itself, with the same
   procedure the training script uses, shows a few of them with the model's
   answer, then measures the accuracy on 300 more. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "shapes_model.h"

#define SIZE 32
#define TESTS 300

static const char *const class_name[3] = {"circle", "square", "triangle"};

/* A small deterministic generator (xorshift32): uniform in [0, 1). */
static uint32_t rng_state = 12345u;
static float uniform(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return (float)(rng_state >> 8) / 16777216.0f;
}

/* Draws one random image of class `label`, as draw() in make_model.py does:
   a filled shape of size r in [5, 12) inside the image, brightness
   0.6..1.0, plus uniform noise in [-0.15, 0.15). */
static void draw(int label, float img[SIZE * SIZE])
{
    const double pi = 3.14159265358979323846;
    double r = 5 + 7 * uniform();
    double cx = r + 1 + (SIZE - 2 * r - 2) * uniform();
    double cy = r + 1 + (SIZE - 2 * r - 2) * uniform();
    double theta = 2 * pi * uniform();
    double level = 0.6 + 0.4 * uniform();
    for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
            double px = x + 0.5 - cx, py = y + 0.5 - cy;
            int inside;
            if (label == 0) {
                inside = px * px + py * py <= r * r;
            } else if (label == 1) {
                inside = fabs(px) <= 0.8 * r && fabs(py) <= 0.8 * r;
            } else { /* equilateral triangle, one vertex at angle theta */
                inside = 1;
                for (int k = 0; k < 3; k++) {
                    double a = theta + pi + 2 * pi * k / 3;
                    if (px * cos(a) + py * sin(a) > 0.5 * r) inside = 0;
                }
            }
            img[y * SIZE + x] = (float)(inside ? level : 0.0) + 0.3f * uniform() - 0.15f;
        }
    }
}

/* Runs the model; returns the predicted class and its probability. */
static int classify(const float img[SIZE * SIZE], float *prob)
{
    float p[3];
    const void *inputs[1] = {img};
    void *outputs[1] = {p};
    if (shapes_run(inputs, outputs) != 0) return -1;
    int best = 0;
    for (int c = 1; c < 3; c++)
        if (p[c] > p[best]) best = c;
    *prob = p[best];
    return best;
}

/* A coarse picture of the image: one character per 2x2 pixels. */
static void show(const float img[SIZE * SIZE])
{
    for (int y = 0; y < SIZE; y += 2) {
        printf("    ");
        for (int x = 0; x < SIZE; x += 2) {
            float v = (img[y * SIZE + x] + img[y * SIZE + x + 1] + img[(y + 1) * SIZE + x] +
                       img[(y + 1) * SIZE + x + 1]) / 4;
            putchar(v > 0.45f ? '#' : v > 0.2f ? '+' : '.');
        }
        putchar('\n');
    }
}

int main(void)
{
    const dlc_tensor_info *in = shapes_input_info(0), *out = shapes_output_info(0);
    printf("model input '%s' [%lld x %lld x %lld x %lld], output '%s' [%lld x %lld]\n", in->name,
           (long long)in->dims[0], (long long)in->dims[1], (long long)in->dims[2],
           (long long)in->dims[3], out->name, (long long)out->dims[0], (long long)out->dims[1]);

    float img[SIZE * SIZE], prob;
    for (int i = 0; i < 3; i++) {
        draw(i, img);
        int c = classify(img, &prob);
        printf("\nimage %d (a %s):\n", i + 1, class_name[i]);
        show(img);
        printf("  -> %s (p = %.3f)\n", c >= 0 ? class_name[c] : "error", prob);
    }

    int correct = 0, confusion[3][3] = {{0}};
    for (int i = 0; i < TESTS; i++) {
        int label = i % 3;
        draw(label, img);
        int c = classify(img, &prob);
        if (c < 0) return 1;
        confusion[label][c]++;
        correct += c == label;
    }
    printf("\n%d generated images: %d correct, accuracy %.1f%%\n", TESTS, correct,
           100.0 * correct / TESTS);
    printf("confusion (rows: true class, columns: predicted)\n");
    for (int t = 0; t < 3; t++)
        printf("  %-8s %4d %4d %4d\n", class_name[t], confusion[t][0], confusion[t][1],
               confusion[t][2]);
    /* A trained model gets nearly all of them; a broken one does not. */
    return correct * 10 >= TESTS * 9 ? 0 : 1;
}
