import { Duration, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  GeoRestriction,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { KEEP } from './keep';
import { SPA_FALLBACK_SOURCE } from './spa-fallback';

export interface WebDistributionProps {
  /** Host name of the HTTP API's $default stage, served under /api/*. */
  apiOriginDomain: string;
  /** Headers CloudFront adds to every request it forwards to the API (the origin secret). */
  apiOriginHeaders: Record<string, string>;
  /** Origins the dashboard may call besides its own (Cognito's OpenID endpoints). */
  connectOrigins: string[];
  logs: IBucket;
  domainName?: string;
  certificateArn?: string;
  webAclArn?: string;
  geoAllowList?: string[];
}

/**
 * One origin for everything the browser sees: the built dashboard from a private bucket
 * (Origin Access Control) and /api/* from the HTTP API, so there is no CORS to get wrong.
 */
export class WebDistribution extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** https://<host>/ : what users open, and the only OAuth redirect target. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebDistributionProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: props.logs,
      serverAccessLogsPrefix: 'site/',
      // Rebuilt from source on every deploy; kept only so a stack delete never fails on a non-empty bucket.
      removalPolicy: KEEP,
    });

    const spaFallback = new CloudFrontFunction(this, 'SpaFallback', {
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Serve index.html for client-side routes',
      code: FunctionCode.fromInline(SPA_FALLBACK_SOURCE),
    });
    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Staffing dashboard security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(props.connectOrigins), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [{ header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()', override: true }],
      },
    });

    const custom = props.domainName && props.certificateArn;
    this.distribution = new Distribution(this, 'Cdn', {
      comment: 'Staffing dashboard',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [{ function: spaFallback, eventType: FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new HttpOrigin(props.apiOriginDomain, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [OriginSslPolicy.TLS_V1_2],
            // CloudFront replaces a viewer's header of the same name, so a viewer cannot forge it.
            customHeaders: props.apiOriginHeaders,
          }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // Everything the viewer sent (Authorization, If-Match, Accept) except Host, which API Gateway routes on.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: securityHeaders,
        },
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.logs,
      logFilePrefix: 'cloudfront/',
      ...(custom
        ? {
            domainNames: [props.domainName!],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn!),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      ...(props.geoAllowList ? { geoRestriction: GeoRestriction.allowlist(...props.geoAllowList) } : {}),
    });
    this.url = `https://${props.domainName ?? this.distribution.distributionDomainName}/`;

    if (!custom) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose minimum protocol cannot be raised. Set context staffing:domainName and staffing:certificateArn to get TLSv1.2_2021.',
      });
    }
    if (!props.webAclArn) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR2',
        reason:
          'A CLOUDFRONT-scope web ACL can only be created in us-east-1, and this stack deploys to the system\'s own region; set context staffing:webAclArn to attach one. Meanwhile the API is throttled and JWT-authorized at API Gateway and sign-in has Cognito threat protection.',
      });
    }
    if (!props.geoAllowList) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR1',
        reason:
          'Staff may need the dashboard while travelling; every request needs a signed-in, MFA-verified user. Set context staffing:geoAllowList (e.g. GB) to restrict.',
      });
    }
  }
}

/** Scripts only from this origin; inline styles allowed because Svelte transitions and chart libraries set style attributes. */
function contentSecurityPolicy(connectOrigins: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${connectOrigins.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    'upgrade-insecure-requests',
  ].join('; ');
}
