"""What is in the inbox and whose it is: the safe walk, folder -> unit, the sentence of each file problem."""
