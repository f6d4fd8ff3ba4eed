// The principal is part of the worker's request environment (env.ts), so its type lives on the ground floor.
export { hasRole, PUBLIC_PRINCIPAL, type Principal } from "../../shared/auth/principal";
