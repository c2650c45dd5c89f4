/* Kept for the files that include it by its old name: the mutator library
 * has one public header, mqmutator.h. */
#include "mqmutator.h"
