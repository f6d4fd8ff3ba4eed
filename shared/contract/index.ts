export * from "./errors";
export * from "./subjects";
export * from "./search";
export * from "./audit";
