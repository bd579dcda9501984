// Every test process: Temporal's own logging at WARN, as the product runs it.
import { installRuntime } from '../worker/main';

installRuntime();
