/* tx-segment --from srt: see segment.h */
#define FORMAT SEG_SRT
#include "segment.h"
