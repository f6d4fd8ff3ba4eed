import { ErrorEnvelope } from "../../shared/contract";

const json = (description: string) => ({ description, content: { "application/json": { schema: ErrorEnvelope } } });

/** Error responses shared by the OpenAPI route definitions. */
export const ERROR_RESPONSES = {
  400: json("请求不正确（字段、格式或代码校验失败）"),
  404: json("未找到"),
  500: json("服务器内部错误"),
} as const;
