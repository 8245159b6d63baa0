#!/usr/bin/python3
"""Trains the example shape classifier and exports it to shapes.onnx.

The training images are drawn on the fly: 32x32 grayscale, one filled circle,
square or triangle of random size, position, rotation (triangles) and
brightness on a dark background, plus uniform noise. main.c draws its test
images with the same procedure (see draw() there). A small CNN
(2 x Conv+BatchNorm+ReLU+MaxPool, Flatten, Linear, Softmax) learns to tell
them apart in well under a minute on a CPU; the seed is fixed, so the model
is the same every time.
    /usr/bin/python3 examples/shapes/make_model.py examples/shapes/shapes.onnx
"""
import math
import sys

import torch
from torch import nn

SIZE = 32
CLASSES = ["circle", "square", "triangle"]


def draw(n):
    """n random images [n,1,32,32] and their labels [n]. Keep in step with main.c."""
    label = torch.randint(0, 3, (n,))
    r = 5 + 7 * torch.rand(n)                    # radius / half side / circumradius: 5..12
    cx = r + 1 + (SIZE - 2 * r - 2) * torch.rand(n)  # the shape stays inside the image
    cy = r + 1 + (SIZE - 2 * r - 2) * torch.rand(n)
    theta = 2 * math.pi * torch.rand(n)          # rotation of the triangle
    level = 0.6 + 0.4 * torch.rand(n)            # brightness of the shape
    noise = 0.3 * torch.rand(n, SIZE, SIZE) - 0.15

    coord = torch.arange(SIZE).float() + 0.5
    px = coord.view(1, 1, SIZE) - cx.view(n, 1, 1)
    py = coord.view(1, SIZE, 1) - cy.view(n, 1, 1)
    rr = r.view(n, 1, 1)
    circle = px * px + py * py <= rr * rr
    square = (px.abs() <= rr * 0.8) & (py.abs() <= rr * 0.8)
    # equilateral triangle: inside when on the inner side of all three edges,
    # i.e. the projection on each edge normal is at most r/2 (the inradius)
    tri = torch.ones_like(circle)
    for k in range(3):
        a = theta.view(n, 1, 1) + math.pi + 2 * math.pi * k / 3   # normal of edge k
        tri &= px * torch.cos(a) + py * torch.sin(a) <= rr * 0.5
    lab = label.view(n, 1, 1)
    mask = torch.where(lab == 0, circle, torch.where(lab == 1, square, tri))
    img = mask.float() * level.view(n, 1, 1) + noise
    return img.unsqueeze(1), label


class ShapeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2))
        self.head = nn.Linear(16 * 4 * 4, 3)

    def forward(self, x):
        logits = self.head(torch.flatten(self.features(x), 1))
        return torch.softmax(logits, dim=1) if not self.training else logits


def main():
    torch.manual_seed(0)
    torch.set_num_threads(2)
    model = ShapeNet()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    for step in range(800):
        x, y = draw(64)
        loss = nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    print(f"final training loss {loss.item():.4f}")
    model.eval()
    with torch.no_grad():
        x, y = draw(2000)
        acc = (model(x).argmax(1) == y).float().mean().item()
    print(f"accuracy on 2000 fresh images {100 * acc:.1f}%")
    # PRESERVE keeps the BatchNormalization nodes in the file (the default
    # folds them into the convolutions; dlc does that itself).
    torch.onnx.export(model, torch.zeros(1, 1, SIZE, SIZE), sys.argv[1], opset_version=13,
                      input_names=["image"], output_names=["probabilities"],
                      training=torch.onnx.TrainingMode.PRESERVE,
                      do_constant_folding=False)


if __name__ == "__main__":
    main()
