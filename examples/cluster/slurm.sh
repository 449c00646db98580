#!/bin/sh
# slurm.sh: the hearings coded by a Slurm job array, sharded by document,
# on a cluster whose nodes share a file system (see README.md). Not run by
# the tests: there is no Slurm here.
#
#   mkdir -p shards logs
#   ls module-*/*.rst > files.txt            (in the corpus folder)
#   jid=$(sbatch --parsable --array=0-15 slurm.sh)
#   sbatch --dependency=afterok:$jid --wrap 'tx-count --merge shards/*.counts > counts.tsv'
#
# Task i of the array (SLURM_ARRAY_TASK_ID) takes the lines of files.txt
# whose number, from 0, is i modulo the array's size (SLURM_ARRAY_TASK_COUNT):
# every document in exactly one shard, so the merged counts are those of
# one machine, byte for byte. CODEBOOK, BY, DOC_ID and ATTRS may be set
# with sbatch --export.
#SBATCH --job-name=tx-code
#SBATCH --cpus-per-task=1
#SBATCH --mem=512M
#SBATCH --time=00:30:00
#SBATCH --output=logs/%A_%a.out
set -eu
: "${CODEBOOK:=codebook.csv}" "${BY:=locality}" "${ATTRS:=manifest.tsv}"
: "${DOC_ID:=(module-[^/]+/[^/.]+)}"
i=${SLURM_ARRAY_TASK_ID:?not a Slurm array task}
n=${SLURM_ARRAY_TASK_COUNT:?not a Slurm array task}
awk -v i="$i" -v n="$n" '(NR - 1) % n == i' files.txt > "shards/$i.files"
# A shard with no file writes an empty file, which tx-count --merge passes over.
xargs -r -d '\n' tx-segment --doc-id "$DOC_ID" --attrs "$ATTRS" < "shards/$i.files" |
    tx-code --no-text "$CODEBOOK" | tx-count --by "$BY" > "shards/$i.counts.tmp"
mv "shards/$i.counts.tmp" "shards/$i.counts"
