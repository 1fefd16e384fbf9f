#!/usr/bin/env node
// Compiled entry (npm ci runs `prepare`, which builds dist/).
import '../dist/cli/bin.js'
