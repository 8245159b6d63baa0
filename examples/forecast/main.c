/* Example: a sequence forecaster embedded in a C program.

   forecast.onnx is a 2-layer LSTM trained (make_model.py) to predict the
   next sample of a sum of two sine waves from the previous 24. dlc turns it
   into forecast_model.c/.h; this program feeds it windows of the signal
   and compares its predictions with the true next values, first one step
   ahead, then rolling out 12 steps on its own predictions. */
#include <math.h>
#include <stdio.h>

#include "forecast_model.h"

#define WINDOW 24

static float signal(double t)
{
    return (float)(sin(0.3 * t) + 0.5 * sin(0.11 * t + 1.0));
}

static float predict(const float window[WINDOW])
{
    float next;
    const void *inputs[1] = {window};
    void *outputs[1] = {&next};
    if (forecast_run(inputs, outputs) != 0) return NAN;
    return next;
}

int main(void)
{
    const dlc_tensor_info *in = forecast_input_info(0), *out = forecast_output_info(0);
    printf("model input '%s' [%lld x %lld x %lld], output '%s' [%lld x %lld]\n", in->name,
           (long long)in->dims[0], (long long)in->dims[1], (long long)in->dims[2], out->name,
           (long long)out->dims[0], (long long)out->dims[1]);

    double worst = 0;
    for (int start = 0; start < 200; start += 10) {
        float window[WINDOW];
        for (int i = 0; i < WINDOW; i++) window[i] = signal(start + i);
        double err = fabs(predict(window) - signal(start + WINDOW));
        if (err > worst) worst = err;
    }
    printf("one step ahead, 20 windows: largest error %.4f (signal amplitude 1.5)\n", worst);

    float window[WINDOW];
    for (int i = 0; i < WINDOW; i++) window[i] = signal(500 + i);
    printf("rolling out 12 steps from t=524:\n   t   predicted   true\n");
    for (int step = 0; step < 12; step++) {
        float next = predict(window);
        printf("%4d   %8.4f   %8.4f\n", 524 + step, next, signal(524 + step));
        for (int i = 0; i + 1 < WINDOW; i++) window[i] = window[i + 1];
        window[WINDOW - 1] = next;
    }
    /* A trained model predicts within 0.1; a broken one does not. */
    return worst < 0.1 ? 0 : 1;
}
