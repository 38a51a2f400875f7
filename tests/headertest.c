/* The public headers compile alone under -std=c11 -pedantic -Werror. */
#include <parley/parley.h>
int main(void) { return 0; }
