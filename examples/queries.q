# Example questions for the bundled corpus (one query per line).
statements by Lavrov about expansion before 2022
meetings with Stoltenberg in 2015
who met Lavrov
meetings in Riga
statements by Putin about NATO
count statements by speaker
what did Lavrov say about NATO expansion?
statements by the Russian foreign minister in 2021
who met whom in 2015
