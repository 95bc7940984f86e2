"""The Softmax tab: logits, temperature, probabilities, the Jacobian and the loss."""
