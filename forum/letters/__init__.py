"""Invitation letters for visas: a registrant asks, the letter issuer decides, the
registrant downloads a PDF in their language. Passport details are the most dangerous
data Convene holds: see `models` for how they are kept and `forum.security.letters` for
who may see them."""
