import { ErrorEnvelope } from "../../shared/contract";

const json = (description: string) => ({ description, content: { "application/json": { schema: ErrorEnvelope } } });

/** Error responses shared by the OpenAPI route definitions. */
export const ERROR_RESPONSES = {
  400: json("请求不正确（字段、格式或代码校验失败）"),
  404: json("未找到"),
  429: json("请求过于频繁（见 Retry-After）"),
  500: json("服务器内部错误"),
} as const;

/** Responses of routes that read a bearer token. */
export const AUTH_ERROR_RESPONSES = {
  401: json("令牌缺失、过期、签发方或受众不符、密钥未知或签名无效（details.reason 说明原因）"),
  403: json("令牌有效但缺少所需角色或场景"),
} as const;

/** OpenAPI security of routes open to the public that also accept a bearer token (`{}` = no token). */
export const OPTIONAL_BEARER: { [scheme: string]: string[] }[] = [{}, { bearer: [] }];
/** OpenAPI security of routes that need a bearer token. */
export const BEARER: { [scheme: string]: string[] }[] = [{ bearer: [] }];
