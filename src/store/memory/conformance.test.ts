import {
  approvalStoreConformance,
  auditStoreConformance,
  controlStoreConformance,
  counterStoreConformance,
  idempotencyStoreConformance,
  sessionStoreConformance,
} from "../../ports/conformance/index.js";
import { openMemoryStore } from "./index.js";

auditStoreConformance("memory", { make: () => openMemoryStore().audit });
sessionStoreConformance("memory", { make: () => openMemoryStore().sessions });
approvalStoreConformance("memory", { make: () => openMemoryStore().approvals });
counterStoreConformance("memory", { make: () => openMemoryStore().counters });
idempotencyStoreConformance("memory", { make: () => openMemoryStore().idempotency });
controlStoreConformance("memory", { make: () => openMemoryStore().control });
