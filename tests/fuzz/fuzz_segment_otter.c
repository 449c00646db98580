/* tx-segment --from otter: see segment.h */
#define FORMAT SEG_OTTER
#include "segment.h"
