/* parley/parley.h: umbrella header for libparley, a political event coder. Include this one. */
#ifndef PARLEY_H
#define PARLEY_H
#include "export.h"
#include "version.h"
#include "errors.h"
#include "buf.h"
#include "types.h"
#include "store.h"
#include "article.h"
#include "doc.h"
#include "syntax.h"
#include "html.h"
#include "lexicon.h"
#include "coder.h"
#include "event.h"
#include "eval.h"
#include "validate.h"
#include "limits.h"
#include "gazetteer.h"
#include "date.h"
#include "language.h"
#endif
