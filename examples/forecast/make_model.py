#!/usr/bin/python3
"""Trains the example forecaster and exports it to forecast.onnx.

A 2-layer LSTM reads the last 24 samples of a noisy sum of two sine waves
and predicts the next sample. Training takes a few seconds on a CPU; the
seed is fixed, so the model is the same every time.
    /usr/bin/python3 examples/forecast/make_model.py examples/forecast/forecast.onnx
"""
import math
import sys

import torch
from torch import nn

WINDOW = 24


class Forecaster(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(input_size=1, hidden_size=32, num_layers=2, batch_first=True)
        self.head = nn.Linear(32, 1)

    def forward(self, x):
        y, _ = self.lstm(x)
        return self.head(y[:, -1, :])


def signal(t):
    return torch.sin(0.3 * t) + 0.5 * torch.sin(0.11 * t + 1.0)


def batch(n):
    start = torch.rand(n, 1) * 1000
    t = start + torch.arange(WINDOW + 1).float()
    s = signal(t) + 0.02 * torch.randn(n, WINDOW + 1)
    return s[:, :WINDOW].unsqueeze(-1), s[:, WINDOW:]


def main():
    torch.manual_seed(0)
    model = Forecaster()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    for step in range(600):
        x, y = batch(64)
        loss = nn.functional.mse_loss(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    print(f"final training loss {loss.item():.5f}")
    model.eval()
    torch.onnx.export(model, torch.zeros(1, WINDOW, 1), sys.argv[1], opset_version=13,
                      input_names=["window"], output_names=["next"])


if __name__ == "__main__":
    main()
