"""The Distributions tab: what a function does to Gaussian inputs."""
