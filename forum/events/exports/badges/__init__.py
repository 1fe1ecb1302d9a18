"""Name badges: the team chooses who and how; sheets are drawn with QR codes and cut marks."""
