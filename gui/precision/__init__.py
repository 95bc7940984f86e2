"""The Precision tab: an activation and its gradient as float16, bfloat16 and float8 see them."""
