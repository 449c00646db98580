/* tx-segment --from vtt: see segment.h */
#define FORMAT SEG_VTT
#include "segment.h"
