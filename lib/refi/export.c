/* export.c: codings and transcripts as a REFI-QDA project (.qdpx). */
#include "tx.h"
#include "refi/refi.h"

int
refi_export(const struct refi_export_opts *o, const char *codings,
    char **transcripts, size_t ntranscripts)
{
	(void)o, (void)codings, (void)transcripts, (void)ntranscripts;
	tx_die(EXIT_DATA, NULL, 0, "--to qdpx: not yet");
}
