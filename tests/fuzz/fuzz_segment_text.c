/* tx-segment --from text: see segment.h */
#define FORMAT SEG_TEXT
#include "segment.h"
