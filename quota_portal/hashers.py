"""Password hashing: Argon2id with the OWASP parameters instead of Django's heavier default.

On 1 August thousands of employers log in within hours. Django's PBKDF2 (1,000,000
iterations) costs about 0.33 s of CPU per login and Django's own Argon2 profile (100 MiB,
8 lanes) about 0.25 s; OWASP's Password Storage Cheat Sheet lists Argon2id with 19 MiB
of memory, 2 passes and 1 lane as a recommended configuration, about 0.03 s here. Its
memory hardness, not its CPU time, is what slows an attacker's GPUs. Existing PBKDF2
hashes still verify and are rehashed to this profile at the next login.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2idPasswordHasher(Argon2PasswordHasher):
    """Argon2id, m=19 MiB, t=2, p=1 (OWASP Password Storage Cheat Sheet)."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
