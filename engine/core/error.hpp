#pragma once
// The error hierarchy is part of the installed facade (include/borderflow/).
#include "borderflow/error.hpp"
