package terraform

import "strings"

// awsServiceOfPrefix maps AWS resource type prefixes whose second word is
// not the service's ARN namespace.
var awsServiceOfPrefix = map[string]string{
	"aws_instance": "ec2", "aws_subnet": "ec2", "aws_vpc": "ec2", "aws_eip": "ec2",
	"aws_nat_gateway": "ec2", "aws_internet_gateway": "ec2", "aws_route": "ec2",
	"aws_security_group": "ec2", "aws_network": "ec2", "aws_ebs": "ec2", "aws_launch": "ec2",
	"aws_default": "ec2", "aws_ami": "ec2", "aws_key_pair": "ec2", "aws_placement": "ec2",
	"aws_volume": "ec2", "aws_vpn": "ec2", "aws_customer_gateway": "ec2", "aws_ec2": "ec2",
	"aws_egress_only": "ec2", "aws_flow_log": "ec2", "aws_main_route": "ec2",
	"aws_lb": "elasticloadbalancing", "aws_alb": "elasticloadbalancing", "aws_elb": "elasticloadbalancing",
	"aws_autoscaling": "autoscaling", "aws_db": "rds", "aws_rds": "rds",
	"aws_s3": "s3", "aws_dynamodb": "dynamodb", "aws_lambda": "lambda", "aws_sqs": "sqs",
	"aws_sns": "sns", "aws_elasticache": "elasticache", "aws_ecs": "ecs", "aws_eks": "eks",
	"aws_cloudwatch_log": "logs", "aws_cloudwatch": "cloudwatch", "aws_kinesis": "kinesis",
	"aws_msk": "kafka", "aws_iam": "iam", "aws_route53": "route53", "aws_cloudfront": "cloudfront",
	"aws_acm": "acm", "aws_kms": "kms", "aws_secretsmanager": "secretsmanager", "aws_ssm": "ssm",
	"aws_api_gateway": "apigateway", "aws_apigatewayv2": "apigateway", "aws_ecr": "ecr",
	"aws_efs": "elasticfilesystem", "aws_sfn": "states", "aws_wafv2": "wafv2",
}

// ServiceOf returns the provider service of a resource: the ARN's service
// field when there is one, else a name derived from the type.
func ServiceOf(typ, arn string) string {
	if s := arnService(arn); s != "" {
		return s
	}
	switch {
	case strings.HasPrefix(typ, "aws_"):
		best := ""
		for p := range awsServiceOfPrefix {
			if (typ == p || strings.HasPrefix(typ, p+"_")) && len(p) > len(best) {
				best = p
			}
		}
		if best != "" {
			return awsServiceOfPrefix[best]
		}
		return strings.SplitN(strings.TrimPrefix(typ, "aws_"), "_", 2)[0]
	case strings.HasPrefix(typ, "google_"):
		return strings.SplitN(strings.TrimPrefix(typ, "google_"), "_", 2)[0]
	case strings.HasPrefix(typ, "azurerm_"):
		return strings.SplitN(strings.TrimPrefix(typ, "azurerm_"), "_", 2)[0]
	}
	return ""
}

// arnService returns an ARN's service field (arn:PARTITION:SERVICE:...),
// or "" when arn is not an ARN with one.
func arnService(arn string) string {
	rest, ok := strings.CutPrefix(arn, "arn:")
	if !ok {
		return ""
	}
	_, rest, ok = strings.Cut(rest, ":")
	if !ok {
		return ""
	}
	service, _, ok := strings.Cut(rest, ":")
	if !ok {
		return ""
	}
	return service
}

// serviceOf is ServiceOf, the answer for a type without an ARN computed
// once per type by each goroutine.
func (sc *scratch) serviceOf(typ, arn string) string {
	if s := arnService(arn); s != "" {
		return s
	}
	s, ok := sc.services[typ]
	if !ok {
		s = ServiceOf(typ, "")
		if sc.services == nil {
			sc.services = map[string]string{}
		}
		sc.services[typ] = s
	}
	return s
}
