def run(runs, out) -> None:
    return None
