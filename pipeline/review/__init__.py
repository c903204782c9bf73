"""The review workspace: a small web app over the store where reviewers check each automated
decision against its evidence, decide, and confirm units (`kiemchung review`)."""
