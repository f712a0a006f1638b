"""What a reminder written by hand proposes, without Odoo."""


def next_step(ladder, reached):
    """The level a manual reminder proposes: the one after the highest of
    ``reached`` in ``ladder`` (the keys of a scenario's levels in order), the
    first level when none was reached, the last one once the ladder is done.
    ``None`` for an empty ladder."""
    if not ladder:
        return None
    done = [index for index, key in enumerate(ladder) if key in set(reached)]
    if not done:
        return ladder[0]
    return ladder[min(max(done) + 1, len(ladder) - 1)]
